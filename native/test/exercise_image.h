// Asks an image everything the package can ask (the same calls inspect(),
// info() and lookup() make) and checks the promises every answer must keep
// whatever the bytes: an error always names its check, a found symbol has the
// name and version asked for, every string lies inside the bytes given.
// Shared by the fuzz target and the hostile-image tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vdso {
namespace test {

struct Exercise {
  bool opened = false;
  std::string open_error;   // the check Open() failed on
  bool walked = false;      // Symbols() and Versions() succeeded
  std::string walk_error;
  size_t symbols = 0;
  size_t lookups = 0;       // Find() calls made
  size_t found = 0;
  size_t lookup_errors = 0;
  std::vector<std::string> violations;  // broken promises; must stay empty
};

Exercise ExerciseImage(const uint8_t* data, size_t size);

}  // namespace test
}  // namespace vdso
