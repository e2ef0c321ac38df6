// Runs every registered TEST, or those whose name contains argv[1].
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "check.h"

namespace vdso {
namespace test {

std::vector<TestCase>& Registry() {
  static std::vector<TestCase> tests;
  return tests;
}

int Register(const char* name, void (*fn)()) {
  Registry().push_back({name, fn});
  return 0;
}

Stats& GlobalStats() {
  static Stats stats;
  return stats;
}

Failure::Failure(const char* file, int line, const char* expr) {
  out_ << file << ":" << line << ": [" << GlobalStats().current << "] CHECK(" << expr << ") failed: ";
}

Failure::~Failure() {
  GlobalStats().failures++;
  // Hostile-input tests can fail thousands of times the same way; the first
  // few say everything and the rest would bury them.
  if (GlobalStats().failures <= 50) std::cerr << out_.str() << std::endl;
}

}  // namespace test
}  // namespace vdso

int main(int argc, char** argv) {
  using namespace vdso::test;
  const char* filter = argc > 1 ? argv[1] : nullptr;
  int ran = 0;
  for (const TestCase& t : Registry()) {
    if (filter && !std::strstr(t.name, filter)) continue;
    Stats& s = GlobalStats();
    uint64_t before = s.failures, checks = s.checks;
    s.current = t.name;
    // The time per test tells which one a slow emulated machine is stuck in.
    const auto t0 = std::chrono::steady_clock::now();
    t.fn();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ran++;
    std::printf("%s %s (%llu checks, %.1f s)\n", s.failures == before ? "ok  " : "FAIL", t.name,
                static_cast<unsigned long long>(s.checks - checks), secs);
    std::fflush(stdout);
  }
  Stats& s = GlobalStats();
  std::printf("%d tests, %llu checks, %llu failures, %d-bit\n", ran, static_cast<unsigned long long>(s.checks),
              static_cast<unsigned long long>(s.failures), int(sizeof(void*) * 8));
  return ran > 0 && s.failures == 0 ? 0 : 1;
}
