// This process's vDSO, on whatever architecture the tests are built for
// (x86_64, i386 in the -m32 build, and every ABI a cross build reaches),
// against glibc's own view of it: dlvsym() on the vDSO's link map must give
// the same address for every symbol at its version, and nothing at a version
// it does not have. Then the calls themselves against the system call.
#include <dlfcn.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "check.h"
#include "live_vdso.h"
#include "vdso_abi.h"

namespace vdso {
namespace test {
namespace {

// The ABI name and the vDSO soname this build must meet, from the compiler's
// own target macros (not from vdso_abi.cc, which the test checks). Sonames
// from the kernel's arch/*/vdso linker scripts.
struct Expected {
  const char* abi;
  const char* soname;
  const char* soname_also;  // the other soname a kernel of this ABI has used, or null
};
constexpr Expected kExpected =
#if defined(__x86_64__) && defined(__ILP32__)
    {"x32", "linux-vdso.so.1", nullptr};
#elif defined(__x86_64__)
    {"x86_64", "linux-vdso.so.1", nullptr};
#elif defined(__i386__)
    {"i386", "linux-gate.so.1", nullptr};
#elif defined(__aarch64__)
    {"aarch64", "linux-vdso.so.1", nullptr};
#elif defined(__arm__)
    {"arm", "linux-vdso.so.1", nullptr};
#elif defined(__riscv) && __riscv_xlen == 64
    {"riscv64", "linux-vdso.so.1", nullptr};
#elif defined(__powerpc64__)
    {"ppc64", "linux-vdso64.so.1", nullptr};
#elif defined(__powerpc__)
    {"ppc", "linux-vdso32.so.1", nullptr};
#elif defined(__s390x__)
    // linux-vdso64.so.1 in Linux 6.1 (seen: 6.1.176), linux-vdso.so.1 in 7.2 (seen: 7.2.13).
    {"s390x", "linux-vdso.so.1", "linux-vdso64.so.1"};
#elif defined(__mips__) && _MIPS_SIM == _ABI64
    {"mips64", "linux-vdso.so.1", nullptr};
#elif defined(__mips__)
    {"mips", "linux-vdso.so.1", nullptr};
#elif defined(__loongarch64)
    {"loongarch", "linux-vdso.so.1", nullptr};
#else
    {"unknown", "unknown", nullptr};
#endif

// glibc lists the vDSO under its soname (l_name is DT_SONAME): the live
// image's own first, then every soname a Linux vDSO has.
void* VdsoHandle(const LiveVdso& live) {
  const std::string own(live.image.soname());
  if (!own.empty())
    if (void* h = dlopen(own.c_str(), RTLD_NOLOAD | RTLD_LAZY)) return h;
  for (const char* name : {"linux-vdso.so.1", "linux-gate.so.1", "linux-vdso64.so.1", "linux-vdso32.so.1"})
    if (void* h = dlopen(name, RTLD_NOLOAD | RTLD_LAZY)) return h;
  return nullptr;
}

TEST(LiveVdsoIsTheHostAbi) {
  const LiveVdso& live = vdso::LoadLiveVdso();
  CHECK(live.base && live.usable) << live.problem;
  CHECK(live.abi && live.abi == vdso::HostAbi());
  CHECK_EQ(live.image.elf_class(), int(sizeof(void*) * 8));
  CHECK(live.abi && std::strcmp(live.abi->name, kExpected.abi) == 0) << (live.abi ? live.abi->name : "none");
  const std::string soname(live.image.soname());
  CHECK(soname == kExpected.soname || (kExpected.soname_also && soname == kExpected.soname_also)) << soname;
}

TEST(LiveLookupsMatchDlvsym) {
  const LiveVdso& live = vdso::LoadLiveVdso();
  void* handle = VdsoHandle(live);
  CHECK(handle) << dlerror();
  if (!handle || !live.usable) return;
  std::vector<ElfSymbol> syms;
  ElfError err;
  CHECK(live.image.Symbols(&syms, &err)) << err.Message();
  int compared = 0, wrong_versions = 0, others = 0;
  for (const ElfSymbol& s : syms) {
    std::string name(s.name), version(s.version);
    bool callable = (s.type == 2 || s.type == 0) && (s.binding == 1 || s.binding == 2) && s.shndx != 0xfff1;
    ElfSymbol found;
    if (!callable) {
      // The absolute OBJECT symbol naming each version (value 0): not a
      // function, so not ours to find; glibc returns its value, NULL.
      CHECK(live.image.Find(name, version, &found, &err) == Lookup::kNotFound) << name << "@" << version;
      if (s.shndx == 0xfff1 && s.value == 0) CHECK(dlvsym(handle, name.c_str(), version.c_str()) == nullptr) << name;
      others++;
      continue;
    }
    uint64_t off = 0;
    CHECK(live.image.Find(name, version, &found, &err) == Lookup::kFound) << name << "@" << version;
    CHECK(live.image.ValueOffset(found.value, &off));
    void* ours = const_cast<uint8_t*>(live.base + off);
    void* theirs = dlvsym(handle, name.c_str(), version.c_str());
    CHECK(ours == theirs) << name << "@" << version << ": ours " << ours << ", dlvsym " << theirs;
    compared++;
    for (const char* wrong : {"LINUX_2.5", "LINUX_9.9", "LINUX_2.6", "LINUX_2.6.39"}) {
      if (version == wrong) continue;
      CHECK(live.image.Find(name, wrong, &found, &err) == Lookup::kNotFound) << name << "@" << wrong;
      CHECK(dlvsym(handle, name.c_str(), wrong) == nullptr) << name << "@" << wrong << " found by dlvsym";
      wrong_versions++;
    }
  }
  std::printf("  %d functions compared with dlvsym, %d other symbols, %d wrong-version lookups\n", compared, others,
              wrong_versions);
  CHECK(compared >= 4 && compared + others == int(syms.size())) << compared << " + " << others;
  // The functions the package resolved are those glibc would call, and the
  // package calls them unless it says why not (ppc without vdso_ppc64_call:
  // CR0.SO; a 64-bit time_t on a 32-bit ABI: the 32-bit-time entries).
  const void* called[] = {reinterpret_cast<void*>(vdso::g_vdso.clock_gettime),
                          reinterpret_cast<void*>(vdso::g_vdso.gettimeofday),
                          reinterpret_cast<void*>(vdso::g_vdso.clock_getres)};
  const int fns[] = {vdso::kClockGettime, vdso::kGettimeofday, vdso::kClockGetres};
  for (int i = 0; i < 3; i++) {
    const vdso::FunctionBackend& fb = live.functions[fns[i]];
    CHECK(fb.symbol && fb.version) << vdso::kFunctionNames[fns[i]];
    if (!fb.symbol || !fb.version) continue;
    void* expect = dlvsym(handle, fb.symbol, fb.version);
    CHECK(expect && reinterpret_cast<void*>(fb.address) == expect)
        << fb.symbol << ": ours " << reinterpret_cast<void*>(fb.address) << ", dlvsym " << expect;
    // With a 64-bit time_t, gettimeofday is clock_gettime64(CLOCK_REALTIME): no pointer of its own.
    bool through_clock_gettime = vdso::kTime64On32 && fns[i] == vdso::kGettimeofday;
    CHECK(called[i] == (fb.vdso && !through_clock_gettime ? expect : nullptr))
        << fb.symbol << " called through " << called[i] << ": " << vdso::BackendReason(live, fns[i]);
    CHECK(fb.vdso || fb.why == vdso::Why::kCallingConvention || (vdso::kTime64On32 && fb.why == vdso::Why::kTime32Only))
        << vdso::BackendReason(live, fns[i]);
  }
  if (vdso::kTime64On32) {
    // A 64-bit time_t is only right through the 64-bit entry: where the live
    // ABI has one (i386 and arm since Linux 5.1), clock_gettime must use it.
    const vdso::FunctionBackend& cg = live.functions[vdso::kClockGettime];
    CHECK(cg.vdso && std::string(cg.symbol).find("clock_gettime64") != std::string::npos) << vdso::BackendReason(live, vdso::kClockGettime);
    CHECK(live.functions[vdso::kClockGetres].why == vdso::Why::kTime32Only) << vdso::BackendReason(live, vdso::kClockGetres);
  }
  dlclose(handle);
}

bool NotAfter(const timespec& a, const timespec& b) {
  return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec);
}

// vdso_test_correctness's rule: syscall <= vDSO <= syscall, and the same
// EINVAL for ids the kernel refuses.
TEST(LiveCallsAgreeWithTheSystemCall) {
  vdso::LoadLiveVdso();
  const clockid_t clocks[] = {CLOCK_REALTIME,       CLOCK_MONOTONIC,        CLOCK_PROCESS_CPUTIME_ID,
                              CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
                              CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,         CLOCK_TAI};
  for (clockid_t id : clocks) {
    for (int i = 0; i < 1000; i++) {
      timespec a, b, c;
      CHECK_EQ(vdso::SysClockGettime(id, &a), 0);
      CHECK_EQ(vdso::ClockGettime(id, &b), 0);
      CHECK_EQ(vdso::SysClockGettime(id, &c), 0);
      CHECK(NotAfter(a, b) && NotAfter(b, c)) << "clock " << id << ": " << a.tv_sec << "." << a.tv_nsec << " "
                                               << b.tv_sec << "." << b.tv_nsec << " " << c.tv_sec << "."
                                               << c.tv_nsec;
    }
    timespec r1, r2;
    CHECK_EQ(vdso::ClockGetres(id, &r1), 0);
    CHECK_EQ(vdso::SysClockGetres(id, &r2), 0);
    CHECK(r1.tv_sec == r2.tv_sec && r1.tv_nsec == r2.tv_nsec) << "clock_getres " << id;
  }
  // Ids 12..31 and the extremes; most are EINVAL for both paths.
  std::vector<clockid_t> others = {clockid_t(-1), clockid_t(0x7fffffff), clockid_t(-0x7fffffff - 1)};
  for (clockid_t id = 12; id < 32; id++) others.push_back(id);
  for (clockid_t id : others) {
    timespec t;
    CHECK_EQ(vdso::ClockGettime(id, &t), vdso::SysClockGettime(id, &t)) << "clock " << id;
    // Linux 6.17+ has auxiliary clocks 16..23 (CLOCK_AUX); its vDSO answers
    // clock_getres for them (1 ns) even while the system call says EINVAL
    // for a disabled one. glibc's clock_getres shows the same: a kernel
    // difference between the two paths, not ours.
    int via_vdso = vdso::ClockGetres(id, &t), via_sys = vdso::SysClockGetres(id, &t);
    if (id >= 16 && id <= 23)
      CHECK(via_vdso == via_sys || (via_vdso == 0 && via_sys == EINVAL)) << "clock " << id;
    else
      CHECK_EQ(via_vdso, via_sys) << "clock " << id;
  }
  timeval t1, t2, t3;
  CHECK(vdso::SysGettimeofday(&t1) == 0 && vdso::Gettimeofday(&t2) == 0 && vdso::SysGettimeofday(&t3) == 0);
  CHECK((t1.tv_sec < t2.tv_sec || (t1.tv_sec == t2.tv_sec && t1.tv_usec <= t2.tv_usec)) &&
        (t2.tv_sec < t3.tv_sec || (t2.tv_sec == t3.tv_sec && t2.tv_usec <= t3.tv_usec)));
  time_t s1, s2, s3;
  CHECK(vdso::SysTime(&s1) == 0 && vdso::Time(&s2) == 0 && vdso::SysTime(&s3) == 0);
  CHECK(s1 <= s2 && s2 <= s3);
}

// vdso_test_getcpu's check: pinned to each CPU in turn, both paths name it.
TEST(LiveGetcpuFollowsPinning) {
  cpu_set_t original;
  CHECK_EQ(sched_getaffinity(0, sizeof original, &original), 0);
  int pinned = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
    if (!CPU_ISSET(cpu, &original)) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) continue;
    unsigned c1 = ~0u, n1 = ~0u, c2 = ~0u, n2 = ~0u;
    CHECK_EQ(vdso::Getcpu(&c1, &n1), 0);
    CHECK_EQ(vdso::SysGetcpu(&c2, &n2), 0);
    CHECK(c1 == unsigned(cpu) && c2 == unsigned(cpu) && n1 == n2) << "cpu " << cpu << ": " << c1 << " " << c2;
    pinned++;
  }
  sched_setaffinity(0, sizeof original, &original);
  CHECK(pinned >= 1);
}

// Seconds past 2**31 (2038-01-19T03:14:08Z) go through a 64-bit time_t
// untouched: the timeval conversion of the 64-bit path (pinned below), and,
// run inside a time namespace whose MONOTONIC and BOOTTIME offsets are
// VDSO_TEST_Y2038_OFFSET seconds (test/native-walker.test.js does, with
// unshare), the live clocks, which then read past 2038 through the vDSO.
TEST(TimePastY2038) {
  timespec ts = {};
  if constexpr (sizeof(time_t) == 8) {
    ts.tv_sec = static_cast<time_t>(4102444800LL);  // 2100-01-01T00:00:00Z
    ts.tv_nsec = 999999999;
    timeval tv = {};
    vdso::TimespecToTimeval(ts, &tv);
    CHECK_EQ(static_cast<long long>(tv.tv_sec), 4102444800LL);
    CHECK_EQ(static_cast<long>(tv.tv_usec), 999999L);
  }
  const char* env = std::getenv("VDSO_TEST_Y2038_OFFSET");
  if (!env) return;
  CHECK(sizeof(time_t) == 8) << "a 32-bit time_t cannot hold the clocks of this namespace";
  const long long offset = std::atoll(env);
  CHECK(offset > 0x7fffffffLL) << "offset " << offset << " is not past 2038";
  const vdso::LiveVdso& live = vdso::LoadLiveVdso();
  CHECK(live.functions[vdso::kClockGettime].vdso) << vdso::BackendReason(live, vdso::kClockGettime);
  for (clockid_t id : {CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_MONOTONIC_COARSE}) {
    timespec a, b, c;
    CHECK_EQ(vdso::SysClockGettime(id, &a), 0);
    CHECK_EQ(vdso::ClockGettime(id, &b), 0);
    CHECK_EQ(vdso::SysClockGettime(id, &c), 0);
    CHECK(static_cast<long long>(b.tv_sec) >= offset) << "clock " << id << ": " << b.tv_sec << " s";
    CHECK(b.tv_nsec >= 0 && b.tv_nsec < 1000000000) << "clock " << id << ": " << b.tv_nsec << " ns";
    CHECK(NotAfter(a, b) && NotAfter(b, c)) << "clock " << id << ": " << a.tv_sec << "." << a.tv_nsec << " "
                                             << b.tv_sec << "." << b.tv_nsec << " " << c.tv_sec << "." << c.tv_nsec;
  }
}

}  // namespace
}  // namespace test
}  // namespace vdso
