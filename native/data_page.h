// The vDSO data page ("vvar") that the kernel updates at every tick, read
// directly so the coarse clocks need no call at all. Its layout is the
// kernel's private business and has changed (6.10, 6.13, 6.15), so it is used
// only for layouts known here, and only after the page is found readable, not
// a time namespace's, and (in JS) proven against the vDSO's own results.
// No Node headers.
#pragma once

#include <cstdint>
#include <string>

#include "live_vdso.h"

namespace vdso {

// Where the coarse clocks sit, for one ABI over a range of kernel versions.
// Offsets are bytes into the time page, which lies `pages_before` pages
// below the vDSO text (AT_SYSINFO_EHDR), in units of the kernel's page size.
struct DataPageLayout {
  const char* abi;          // "x86_64", "aarch64"
  uint32_t from_version;    // KERNEL_VERSION(a, b, c), inclusive
  uint32_t until_version;   // exclusive
  const char* kernels;      // "Linux 6.15 to 7.2", for people
  uint32_t pages_before;
  uint32_t seq;             // u32 sequence counter of entry 0 (CS_HRES_COARSE)
  uint32_t clock_mode;      // s32; VDSO_CLOCKMODE_TIMENS marks a time namespace's page
  uint32_t realtime_coarse;   // struct vdso_timestamp { u64 sec; u64 nsec; } of clock id 5
  uint32_t monotonic_coarse;  // ... of clock id 6
};

constexpr uint32_t KernelVersion(uint32_t a, uint32_t b, uint32_t c) { return (a << 16) | (b << 8) | (c > 255 ? 255 : c); }

// The layout for this ABI and kernel version, or null when none is known.
const DataPageLayout* DataPageLayoutFor(const char* abi, uint32_t version);

// "6.18.44" -> KernelVersion(6, 18, 44); 0 when unparsable.
uint32_t ParseKernelVersion(const char* release);

// clock_mode of a time namespace's page (include/vdso/clocksource.h): its
// seq stays odd and the real data lies elsewhere.
constexpr int32_t kClockModeTimens = 0x7fffffff;

struct DataPage {
  const uint8_t* page = nullptr;  // the time page, or null when not usable
  uint32_t bytes = 0;             // how much of it the coarse clocks need
  const DataPageLayout* layout = nullptr;
  uint32_t kernel_version = 0;
  std::string reason;             // why not usable, or how it was found
};

// Finds the data page of the live vDSO. Every byte it will read is probed
// first through a pipe, so a page the kernel does not back (a wrong layout)
// is an EFAULT here, not a SIGBUS that kills the process. `setting` is
// VDSO_DATA_PAGE: null or "" for the default, "0" to turn it off, or
// "linux-X.Y[.Z]" to take that kernel's layout (to test the proof refusing a
// wrong one).
DataPage FindDataPage(const LiveVdso& live, const char* setting);

}  // namespace vdso
