#include "time_status.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <ctime>

#include "live_vdso.h"  // kTime64On32, VDSO_TIME64_SYSCALLS: the clocks' rule for 32-bit ABIs

namespace vdso {
namespace {

// The kernel's own layouts (include/uapi/linux/timex.h), spelled with fixed
// widths so they do not depend on this build's libc or _TIME_BITS:
//
// struct __kernel_timex: what clock_adjtime takes on 64-bit ABIs (where
// struct timex's __kernel_long_t is 64 bits, x32 included) and what
// clock_adjtime64 takes on 32-bit ones. The padding is explicit, as in the
// uapi header, so i386 (which aligns 64-bit fields to 4) lays it out the same.
struct KernelTimex64 {
  uint32_t modes;
  int32_t pad0;
  int64_t offset, freq, maxerror, esterror;
  int32_t status;
  int32_t pad1;
  int64_t constant, precision, tolerance;
  int64_t time_sec, time_usec;  // struct __kernel_timex_timeval
  int64_t tick, ppsfreq, jitter;
  int32_t shift;
  int32_t pad2;
  int64_t stabil, jitcnt, calcnt, errcnt, stbcnt;
  int32_t tai;
  int32_t pad3[11];
};
static_assert(offsetof(KernelTimex64, offset) == 8 && offsetof(KernelTimex64, status) == 40 &&
                  offsetof(KernelTimex64, time_sec) == 72 && offsetof(KernelTimex64, shift) == 112 &&
                  offsetof(KernelTimex64, tai) == 160 && sizeof(KernelTimex64) == 208,
              "struct __kernel_timex");

// struct old_timex32: the classic clock_adjtime of 32-bit ABIs (a 32-bit
// time_t in its timeval, every long 32 bits).
struct KernelTimex32 {
  uint32_t modes;
  int32_t offset, freq, maxerror, esterror;
  int32_t status;
  int32_t constant, precision, tolerance;
  int32_t time_sec, time_usec;  // struct old_timeval32
  int32_t tick, ppsfreq, jitter;
  int32_t shift;
  int32_t stabil, jitcnt, calcnt, errcnt, stbcnt;
  int32_t tai;
  int32_t pad[11];
};
static_assert(offsetof(KernelTimex32, time_sec) == 36 && offsetof(KernelTimex32, tai) == 80 && sizeof(KernelTimex32) == 128,
              "struct old_timex32");

// A true 32-bit ABI: its classic clock_adjtime takes old_timex32 (x32's is
// the 64-bit one, its longs being the kernel's 64-bit __kernel_long_t).
#if !defined(__LP64__) && !(defined(__x86_64__) && defined(__ILP32__))
#define VDSO_TIMEX32 1
using ClassicTimex = KernelTimex32;
#else
using ClassicTimex = KernelTimex64;
#endif

template <typename T>
void Widen(const T& k, int state, TimeStatusReading* out) {
  out->state = state;
  out->status = k.status;
  out->offset = k.offset;
  out->freq = k.freq;
  out->maxerror = k.maxerror;
  out->esterror = k.esterror;
  out->constant = k.constant;
  out->precision = k.precision;
  out->tolerance = k.tolerance;
  out->time_sec = k.time_sec;
  out->time_frac = k.time_usec;
  out->tick = k.tick;
  out->ppsfreq = k.ppsfreq;
  out->jitter = k.jitter;
  out->shift = k.shift;
  out->tai = k.tai;
  out->stabil = k.stabil;
  out->jitcnt = k.jitcnt;
  out->calcnt = k.calcnt;
  out->errcnt = k.errcnt;
  out->stbcnt = k.stbcnt;
}

// modes 0 (zeroed): the kernel reads the discipline and changes nothing.
template <typename T>
int Call(long nr, TimeStatusReading* out) {
  T k{};
  long r = syscall(nr, static_cast<long>(CLOCK_REALTIME), &k);
  if (r < 0) return errno;
  Widen(k, static_cast<int>(r), out);
  return 0;
}

}  // namespace

const char* TimeStatusSyscall() {
#ifdef VDSO_TIME64_SYSCALLS
  if (kTime64On32) return "clock_adjtime64";
#endif
  return "clock_adjtime";
}

int ReadTimeStatus(TimeStatusReading* out) {
#ifdef VDSO_TIME64_SYSCALLS
  // As the clocks: a 64-bit time_t on a 32-bit ABI takes the 64-bit entry.
  if (kTime64On32) return Call<KernelTimex64>(SYS_clock_adjtime64, out);
#endif
  return Call<ClassicTimex>(SYS_clock_adjtime, out);
}

}  // namespace vdso
