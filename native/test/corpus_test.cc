// The fuzzer's regression corpus: every input it kept once found new
// behaviour; each must still be handled cleanly.
#include "check.h"
#include "exercise_image.h"
#include "test_files.h"

namespace vdso {
namespace test {
namespace {

TEST(RegressionCorpusStaysClean) {
  std::vector<std::string> files = ListFiles(RepoRoot() + "/native/test/corpus", "");
  CHECK(files.size() >= 50) << "regression corpus missing under " << RepoRoot() << "/native/test/corpus";
  size_t opened = 0;
  for (const std::string& f : files) {
    Bytes b = ReadFile(f);
    Exercise ex = ExerciseImage(b.data(), b.size());
    opened += ex.opened;
    CHECK(ex.violations.empty()) << f << ": " << ex.violations[0];
  }
  std::printf("  %zu corpus inputs, %zu opened\n", files.size(), opened);
}

}  // namespace
}  // namespace test
}  // namespace vdso
