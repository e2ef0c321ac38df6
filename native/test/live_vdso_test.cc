// This process's vDSO (x86_64, or i386 in the -m32 build) against glibc's own
// view of it: dlvsym() on the vDSO's link map must give the same address for
// every symbol at its version, and nothing at a version it does not have.
// Then the calls themselves against the system call.
#include <dlfcn.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
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

// glibc lists the vDSO under its soname: linux-vdso.so.1, or linux-gate.so.1 on i386.
void* VdsoHandle() {
  for (const char* name : {"linux-vdso.so.1", "linux-gate.so.1"})
    if (void* h = dlopen(name, RTLD_NOLOAD | RTLD_LAZY)) return h;
  return nullptr;
}

TEST(LiveVdsoIsTheHostAbi) {
  const LiveVdso& live = vdso::LoadLiveVdso();
  CHECK(live.base && live.usable) << live.problem;
  CHECK(live.abi && live.abi == vdso::HostAbi());
  CHECK_EQ(live.image.elf_class(), int(sizeof(void*) * 8));
  CHECK(std::strcmp(live.abi->name, sizeof(void*) == 8 ? "x86_64" : "i386") == 0) << live.abi->name;
  CHECK(std::string(live.image.soname()) == (sizeof(void*) == 8 ? "linux-vdso.so.1" : "linux-gate.so.1"))
      << live.image.soname();
}

TEST(LiveLookupsMatchDlvsym) {
  const LiveVdso& live = vdso::LoadLiveVdso();
  void* handle = VdsoHandle();
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
  // The pointers the package calls are those glibc would call.
  const vdso::Abi* abi = live.abi;
  void* expect[] = {dlvsym(handle, abi->symbols[vdso::kClockGettime], abi->version),
                    dlvsym(handle, abi->symbols[vdso::kGettimeofday], abi->version),
                    dlvsym(handle, abi->symbols[vdso::kClockGetres], abi->version)};
  CHECK(reinterpret_cast<void*>(vdso::g_vdso.clock_gettime) == expect[0] && expect[0]);
  CHECK(reinterpret_cast<void*>(vdso::g_vdso.gettimeofday) == expect[1] && expect[1]);
  CHECK(reinterpret_cast<void*>(vdso::g_vdso.clock_getres) == expect[2] && expect[2]);
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

}  // namespace
}  // namespace test
}  // namespace vdso
