// The kernel's clock discipline: what clock_adjtime(CLOCK_REALTIME) reports
// with modes 0, which reads and sets nothing (any user may call it). No Node
// headers; the Node-API layer is time_status_addon.cc.
#pragma once

#include <cstdint>

namespace vdso {

// One reading, every field widened to 64 bits and kept in the kernel's units.
struct TimeStatusReading {
  int32_t state = 0;       // the call's return value: TIME_OK (0) ... TIME_ERROR (5)
  int32_t status = 0;      // STA_* bits
  int64_t offset = 0;      // remaining phase offset: ns with STA_NANO, else us
  int64_t freq = 0;        // frequency offset, ppm in 16.16 fixed point
  int64_t maxerror = 0;    // us; the kernel adds its tolerance every second
  int64_t esterror = 0;    // us
  int64_t constant = 0;    // PLL time constant
  int64_t precision = 0;   // us
  int64_t tolerance = 0;   // ppm in 16.16 fixed point (500 ppm)
  int64_t time_sec = 0;    // CLOCK_REALTIME when the kernel answered
  int64_t time_frac = 0;   // its fraction: ns with STA_NANO, else us
  int64_t tick = 0;        // us between clock ticks
  int64_t ppsfreq = 0;
  int64_t jitter = 0;
  int32_t shift = 0;
  int32_t tai = 0;         // TAI - UTC in seconds, as the kernel was told it
  int64_t stabil = 0;
  int64_t jitcnt = 0;
  int64_t calcnt = 0;
  int64_t errcnt = 0;
  int64_t stbcnt = 0;
};

// The system call this build makes: "clock_adjtime64" on 32-bit ABIs with a
// 64-bit time_t, else "clock_adjtime".
const char* TimeStatusSyscall();

// clock_adjtime(CLOCK_REALTIME) with modes 0. Returns 0 or a positive errno;
// `out` is written only on success.
int ReadTimeStatus(TimeStatusReading* out);

}  // namespace vdso
