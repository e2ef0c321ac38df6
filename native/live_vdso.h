// The vDSO of this process: found once, then called through plain function
// pointers, with the real system call as the fallback. No Node headers.
#pragma once

#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <ctime>
#include <string>

#include "elf_image.h"
#include "vdso_abi.h"
#include "vdso_call.h"

namespace vdso {

// A 32-bit ABI built with a 64-bit time_t (glibc's -D_TIME_BITS=64, as
// Debian's t64 packages are): struct timespec and timeval then have 64-bit
// seconds, which only the kernel's 64-bit time entries fill. The classic ones
// (SYS_clock_gettime, __vdso_clock_gettime, SYS_gettimeofday, ...) write a
// 32-bit structure: both of its words land in tv_sec, and tv_nsec keeps
// whatever it held. Then clock_gettime goes through __vdso_clock_gettime64 /
// SYS_clock_gettime64, gettimeofday and time through it too, and
// clock_getres through SYS_clock_getres_time64 (no vDSO has a 64-bit one).
// x32 is excluded: its classic entries are already the 64-bit kernel ABI.
#if defined(SYS_clock_gettime64) && !defined(__LP64__) && !(defined(__x86_64__) && defined(__ILP32__))
#define VDSO_TIME64_SYSCALLS 1
constexpr bool kTime64On32 = sizeof(time_t) == 8;
#else
constexpr bool kTime64On32 = false;
#endif

using ClockGettimeFn = int (*)(clockid_t, struct timespec*);
using GettimeofdayFn = int (*)(struct timeval*, void*);
using ClockGetresFn = int (*)(clockid_t, struct timespec*);
using TimeFn = time_t (*)(time_t*);
using GetcpuFn = int (*)(unsigned*, unsigned*, void*);

// Null where the call goes to the kernel. Written once by LoadLiveVdso()
// before any call can happen, read-only afterwards: safe for every thread.
struct VdsoCalls {
  ClockGettimeFn clock_gettime;
  GettimeofdayFn gettimeofday;
  ClockGetresFn clock_getres;
  TimeFn time;
  GetcpuFn getcpu;
};
extern VdsoCalls g_vdso;

// Why a function is served the way it is. Load records only this; the
// sentence for people (BackendReason) is written when someone asks, so the
// walk at load allocates and formats nothing.
enum class Why : uint8_t {
  kVdso,               // found and called through the vDSO
  kNoVdso,             // AT_SYSINFO_EHDR is 0
  kImageRejected,      // the live image failed validation (LiveVdso::problem)
  kUnknownAbi,         // no symbol names known for this architecture
  kCallingConvention,  // ppc without vdso_ppc64_call (32-bit, ELFv1): errors in CR0.SO
  kAbiHasNone,         // this ABI's vDSO has no such function
  kNotFound,           // symbol@version not in this image
  kLookupError,        // the lookup hit a malformed table (detail)
  kDisabled,           // VDSO_DISABLE=1
  kDeclined,           // found, but not usable (detail; getrandom)
  kTime32Only,         // fills a 32-bit time_t, and this build's time_t is 64-bit (kTime64On32)
};

struct FunctionBackend {
  bool vdso = false;              // served through the vDSO pointer
  Why why = Why::kNoVdso;
  const char* symbol = nullptr;   // e.g. "__vdso_clock_gettime", null if the ABI has none
  const char* version = nullptr;  // e.g. "LINUX_2.6"
  uintptr_t address = 0;          // where it lives in this process, 0 if not found
  std::string detail;             // the lookup error, or what getrandom's query said
};

struct LiveVdso {
  const uint8_t* base = nullptr;  // AT_SYSINFO_EHDR, null without a vDSO
  uint64_t size = 0;              // PT_LOAD extent
  bool usable = false;            // the image parsed
  bool disabled = false;          // VDSO_DISABLE=1 at load
  std::string problem;            // why not usable, when base is set
  const Abi* abi = nullptr;
  ElfImage image;
  FunctionBackend functions[kFunctionCount];
};

// Finds, validates and resolves the vDSO once per process; later calls return the same object.
const LiveVdso& LoadLiveVdso();

// The resolve itself, on any mapped image: validates it (for this ABI: its
// machine and class must be the ABI's), looks up each function, and fills
// `found` with the entry points to call (null where the system call serves).
// LoadLiveVdso() runs it on AT_SYSINFO_EHDR with HostAbi(); tests on hostile images.
void ResolveVdso(const uint8_t* base, const Abi* abi, bool disabled, LiveVdso* out, void* found[kFunctionCount]);

// The backend of function f in words, e.g. "__vdso_clock_gettime@LINUX_2.6 at 0x7f...".
std::string BackendReason(const LiveVdso& live, int f);

// --- The calls. Each returns 0 or a positive errno. ---
// Result rule (musl, Zig, rustix): 0 is success, -EINVAL is the caller's
// error, anything else is retried with the system call.

inline int SysClockGettime(clockid_t id, struct timespec* ts) {
#ifdef VDSO_TIME64_SYSCALLS
  if (kTime64On32) return syscall(SYS_clock_gettime64, id, ts) == 0 ? 0 : errno;
#endif
  return syscall(SYS_clock_gettime, id, ts) == 0 ? 0 : errno;
}
inline int SysClockGetres(clockid_t id, struct timespec* ts) {
#ifdef VDSO_TIME64_SYSCALLS
  if (kTime64On32) return syscall(SYS_clock_getres_time64, id, ts) == 0 ? 0 : errno;
#endif
  return syscall(SYS_clock_getres, id, ts) == 0 ? 0 : errno;
}
// CLOCK_REALTIME in microseconds, as the kernel's gettimeofday computes it.
inline void TimespecToTimeval(const struct timespec& ts, struct timeval* tv) {
  tv->tv_sec = ts.tv_sec;
  tv->tv_usec = static_cast<suseconds_t>(ts.tv_nsec / 1000);
}
inline int SysGettimeofday(struct timeval* tv) {
  if (kTime64On32) {  // there is no gettimeofday with a 64-bit timeval
    struct timespec ts;
    int e = SysClockGettime(CLOCK_REALTIME, &ts);
    if (e == 0) TimespecToTimeval(ts, tv);
    return e;
  }
  return syscall(SYS_gettimeofday, tv, nullptr) == 0 ? 0 : errno;
}
inline int SysGetcpu(unsigned* cpu, unsigned* node) {
  return syscall(SYS_getcpu, cpu, node, nullptr) == 0 ? 0 : errno;
}
int SysTime(time_t* t);

inline int ClockGettime(clockid_t id, struct timespec* ts) {
  if (ClockGettimeFn f = g_vdso.clock_gettime) {
    int r = CallVdso(f, id, ts);
    if (r == 0) return 0;
    if (r == -EINVAL) return EINVAL;
  }
  return SysClockGettime(id, ts);
}

inline int ClockGetres(clockid_t id, struct timespec* ts) {
  if (ClockGetresFn f = g_vdso.clock_getres) {
    int r = CallVdso(f, id, ts);
    if (r == 0) return 0;
    if (r == -EINVAL) return EINVAL;
  }
  return SysClockGetres(id, ts);
}

inline int Gettimeofday(struct timeval* tv) {
  if (kTime64On32) {  // through clock_gettime64: the vDSO's gettimeofday fills a 32-bit timeval
    struct timespec ts;
    int e = ClockGettime(CLOCK_REALTIME, &ts);
    if (e == 0) TimespecToTimeval(ts, tv);
    return e;
  }
  if (GettimeofdayFn f = g_vdso.gettimeofday) {
    int r = CallVdso(f, tv, nullptr);
    if (r == 0) return 0;
    if (r == -EINVAL) return EINVAL;
  }
  return SysGettimeofday(tv);
}

inline int Getcpu(unsigned* cpu, unsigned* node) {
  if (GetcpuFn f = g_vdso.getcpu) {
    int r = CallVdso(f, cpu, node, nullptr);
    if (r == 0) return 0;
    if (r == -EINVAL) return EINVAL;
  }
  return SysGetcpu(cpu, node);
}

// time() has no error result in the vDSO: a value is the answer.
inline int Time(time_t* t) {
  if (kTime64On32) {  // a vDSO time() returns a 32-bit time_t
    struct timespec ts;
    int e = ClockGettime(CLOCK_REALTIME, &ts);
    if (e == 0) *t = ts.tv_sec;
    return e;
  }
  if (TimeFn f = g_vdso.time) {
    *t = CallVdso(f, nullptr);
    return 0;
  }
  return SysTime(t);
}

}  // namespace vdso
