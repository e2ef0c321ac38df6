// Files the walker tests read: the committed fixtures, the readelf output
// stored beside each (our oracle), and the regression corpus.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vdso {
namespace test {

using Bytes = std::vector<uint8_t>;

// The repository root: $VDSO_REPO_ROOT, else the path compiled in.
std::string RepoRoot();
Bytes ReadFile(const std::string& path);
// Regular files in `dir` whose names end with `suffix`, sorted.
std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix);

// Every committed image: test/fixtures/*.so, test/fixtures/foreign/*.so and
// the live images the architecture harness saved, test/fixtures/live/*.so.
std::vector<std::string> FixtureImages();

// A labelled image to attack: every fixture but the live ones of
// test/fixtures/live, plus this process's live vDSO.
struct Sample {
  std::string label;
  Bytes bytes;
};
std::vector<Sample> Samples();

// One row of `readelf --dyn-syms -W`.
struct ReadelfSymbol {
  uint32_t index = 0;
  uint64_t value = 0;
  uint64_t size = 0;
  std::string type;     // FUNC, NOTYPE, OBJECT, ...
  std::string binding;  // GLOBAL, WEAK, LOCAL
  bool undefined = false;
  bool absolute = false;
  std::string name;
  std::string version;  // empty when unversioned
  bool hidden = false;  // "name@VER" rather than "name@@VER"
};

struct ReadelfImage {
  std::vector<ReadelfSymbol> symbols;   // index 0 (the null symbol) excluded
  std::vector<std::string> versions;    // verdef names, BASE excluded, in order
  std::string soname;
  bool sysv_hash = false, gnu_hash = false;
};

// Parses the `<image>.readelf.txt` (or `<name>.readelf.txt` beside `<name>.so`).
ReadelfImage ParseReadelf(const std::string& image_path);

}  // namespace test
}  // namespace vdso
