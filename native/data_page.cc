#include "data_page.h"

#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vdso {
namespace {

// Read from each kernel's sources (include/vdso/datapage.h, the arch linker
// scripts and vvar layouts) and checked against live kernels where noted in
// the README. x86 put vdso_data at byte 128 of its vvar page until 6.13 and
// grew max_cycles (8 bytes before basetime[]) in 6.10; 6.15 moved every
// architecture to the generic store (time, timens, rng, arch pages, and on
// x86 two vclock pages after them). The upper bound is the newest kernel
// these offsets were read from: a later one is unknown until checked.
constexpr DataPageLayout kLayouts[] = {
    {"x86_64", KernelVersion(6, 1, 0), KernelVersion(6, 10, 0), "Linux 6.1 to 6.9", 4, 128, 132, 240, 256},
    {"x86_64", KernelVersion(6, 10, 0), KernelVersion(6, 13, 0), "Linux 6.10 to 6.12", 4, 128, 132, 248, 264},
    {"x86_64", KernelVersion(6, 13, 0), KernelVersion(6, 15, 0), "Linux 6.13 and 6.14", 4, 0, 4, 120, 136},
    {"x86_64", KernelVersion(6, 15, 0), KernelVersion(7, 3, 0), "Linux 6.15 to 7.2", 6, 0, 4, 120, 136},
    {"aarch64", KernelVersion(6, 1, 0), KernelVersion(6, 15, 0), "Linux 6.1 to 6.14", 2, 0, 4, 112, 128},
    {"aarch64", KernelVersion(6, 15, 0), KernelVersion(7, 3, 0), "Linux 6.15 to 7.2", 4, 0, 4, 112, 128},
};

std::string VersionText(uint32_t v) {
  return std::to_string(v >> 16) + "." + std::to_string((v >> 8) & 0xff) + "." + std::to_string(v & 0xff);
}

// Whether [p, p + n) can be read without a fault: the kernel copies it into a
// pipe, and a fault inside the kernel is an error return, never a signal.
bool Readable(const uint8_t* p, size_t n) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return false;
  ssize_t w = write(fds[1], p, n);
  close(fds[0]);
  close(fds[1]);
  return w == static_cast<ssize_t>(n);
}

uint32_t RunningKernelVersion(const LiveVdso& live) {
  if (uint32_t v = live.image.linux_version_code()) return v;
  struct utsname u;
  return uname(&u) == 0 ? ParseKernelVersion(u.release) : 0;
}

}  // namespace

const DataPageLayout* DataPageLayoutFor(const char* abi, uint32_t version) {
  if (!abi) return nullptr;
  for (const DataPageLayout& l : kLayouts) {
    if (std::strcmp(l.abi, abi) == 0 && version >= l.from_version && version < l.until_version) return &l;
  }
  return nullptr;
}

uint32_t ParseKernelVersion(const char* release) {
  uint32_t part[3] = {0, 0, 0};
  int n = 0;
  const char* p = release;
  while (n < 3 && *p >= '0' && *p <= '9') {
    uint32_t v = 0;
    while (*p >= '0' && *p <= '9' && v < 100000) v = v * 10 + uint32_t(*p++ - '0');
    part[n++] = v;
    if (*p != '.') break;
    p++;
  }
  if (n < 2 || part[0] > 255 || part[1] > 255) return 0;
  return KernelVersion(part[0], part[1], part[2]);
}

DataPage FindDataPage(const LiveVdso& live, const char* setting) {
  DataPage d;
  if (setting && std::strcmp(setting, "0") == 0) {
    d.reason = "VDSO_DATA_PAGE=0 in the environment at load";
    return d;
  }
  if (!live.base) {
    d.reason = "no vDSO in this process (AT_SYSINFO_EHDR is 0)";
    return d;
  }
  if (live.disabled) {
    d.reason = "VDSO_DISABLE=1 in the environment at load";
    return d;
  }
  if (!live.usable || !live.abi) {
    d.reason = "the vDSO image is not usable here";
    return d;
  }
  const bool forced = setting && std::strncmp(setting, "linux-", 6) == 0;
  if (setting && *setting && !forced) {
    d.reason = std::string("VDSO_DATA_PAGE=") + setting + " is not 0 or linux-X.Y; the data page is not used";
    return d;
  }
  d.kernel_version = forced ? ParseKernelVersion(setting + 6) : RunningKernelVersion(live);
  d.layout = DataPageLayoutFor(live.abi->name, d.kernel_version);
  const std::string kernel = "Linux " + VersionText(d.kernel_version) + (forced ? " (VDSO_DATA_PAGE)" : "");
  if (!d.layout) {
    d.reason = "no known data-page layout for " + kernel + " on " + live.abi->name;
    return d;
  }
  const uint64_t page_size = getauxval(AT_PAGESZ);
  const uint64_t below = uint64_t(d.layout->pages_before) * page_size;
  const uintptr_t base = reinterpret_cast<uintptr_t>(live.base);
  if (page_size == 0 || below > base) {
    d.reason = "the data page would lie below address 0";
    return d;
  }
  const uint8_t* page = live.base - below;
  d.bytes = (d.layout->realtime_coarse > d.layout->monotonic_coarse ? d.layout->realtime_coarse
                                                                     : d.layout->monotonic_coarse) + 16;
  const std::string where = " (" + std::string(live.abi->name) + ", " + d.layout->kernels + " layout, " +
                            Hex(reinterpret_cast<uintptr_t>(page)) + ")";
  if (!Readable(page, d.bytes)) {
    d.reason = "the data page is not readable where the layout puts it" + where;
    return d;
  }
  int32_t mode;
  std::memcpy(&mode, page + d.layout->clock_mode, sizeof mode);
  if (mode == kClockModeTimens) {
    d.reason = "this process is in a time namespace: its data page redirects" + where;
    return d;
  }
  d.page = page;
  d.reason = "the vDSO data page" + where;
  return d;
}

}  // namespace vdso
