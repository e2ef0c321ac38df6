// libFuzzer entry: arbitrary bytes through everything inspect() and lookup()
// do. ASan/UBSan catch bad reads; a broken promise aborts with its reason.
#include <cstdio>
#include <cstdlib>

#include "exercise_image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vdso::test::Exercise ex = vdso::test::ExerciseImage(data, size);
  if (!ex.violations.empty()) {
    for (const std::string& v : ex.violations) std::fprintf(stderr, "violation: %s\n", v.c_str());
    std::abort();
  }
  return 0;
}
