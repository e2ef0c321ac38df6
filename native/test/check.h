// A tiny test harness: TEST(name) { ... CHECK(cond) << "context"; }.
// We need registration, a failure count and a message per failed check;
// a framework dependency would be the only thing the test build downloads.
#pragma once

#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace vdso {
namespace test {

struct TestCase {
  const char* name;
  void (*fn)();
};

std::vector<TestCase>& Registry();
int Register(const char* name, void (*fn)());

// Counts checks and failures; a failed check prints where it was and why.
struct Stats {
  uint64_t checks = 0;
  uint64_t failures = 0;
  const char* current = "";
};
Stats& GlobalStats();

// Collects the message streamed after a failed CHECK and reports it when the
// statement ends. A passing check streams into nothing.
class Failure {
 public:
  Failure(const char* file, int line, const char* expr);
  ~Failure();
  template <typename T>
  Failure& operator<<(const T& v) {
    out_ << v;
    return *this;
  }

 private:
  std::ostringstream out_;
};

// For checks on an error's wording: which check fired.
inline bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// Makes `CHECK(c) << x;` parse as one statement whichever way `c` goes.
struct Voidify {
  void operator&(const Failure&) {}
};

}  // namespace test
}  // namespace vdso

#define VDSO_CAT2(a, b) a##b
#define VDSO_CAT(a, b) VDSO_CAT2(a, b)

#define TEST(name)                                                                         \
  static void VDSO_CAT(test_, name)();                                                     \
  static const int VDSO_CAT(registered_, name) =                                           \
      ::vdso::test::Register(#name, &VDSO_CAT(test_, name));                                \
  static void VDSO_CAT(test_, name)()

#define CHECK(cond)                                                                         \
  (++::vdso::test::GlobalStats().checks, (cond))                                             \
      ? (void)0                                                                             \
      : ::vdso::test::Voidify() & ::vdso::test::Failure(__FILE__, __LINE__, #cond)

#define CHECK_EQ(a, b) CHECK((a) == (b)) << #a " = " << (a) << ", " #b " = " << (b) << "; "
