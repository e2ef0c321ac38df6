#include "live_vdso.h"

#include "vgetrandom.h"

#include <sys/auxv.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace vdso {

VdsoCalls g_vdso = {};

int SysTime(time_t* t) {
#ifdef SYS_time
  long r = syscall(SYS_time, nullptr);
  if (r == -1) return errno;
  *t = static_cast<time_t>(r);
  return 0;
#else
  // Newer ABIs (aarch64, riscv) have no time system call.
  struct timespec ts;
  int e = SysClockGettime(CLOCK_REALTIME, &ts);
  if (e == 0) *t = ts.tv_sec;
  return e;
#endif
}

namespace {

// The kernel maps at least the page holding the ELF and program headers.
constexpr size_t kHeaderPage = 4096;

LiveVdso g_live;

std::string Hex(uintptr_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

void Resolve() {
  LiveVdso& live = g_live;
  const char* disable = std::getenv("VDSO_DISABLE");
  live.disabled = disable && std::strcmp(disable, "1") == 0;
  live.abi = HostAbi();
  live.base = reinterpret_cast<const uint8_t*>(getauxval(AT_SYSINFO_EHDR));

  std::string common;  // one reason shared by every function, if any
  if (!live.base) {
    common = "no vDSO in this process (AT_SYSINFO_EHDR is 0)";
  } else {
    ElfError err;
    if (!ElfImage::LoadExtent(live.base, kHeaderPage, &live.size, &err) ||
        !live.image.Open(live.base, live.size, &err)) {
      live.problem = err.Message();
      common = "vDSO image rejected: " + live.problem;
    } else {
      live.usable = true;
      if (!live.abi) common = "unknown ABI: no vDSO symbol names known for this architecture";
    }
  }
#if defined(__powerpc__)
  // ppc's vDSO returns errors in CR0.SO with a positive errno: not a C call.
  if (common.empty()) common = "the ppc vDSO does not follow the C calling convention for errors";
#endif

  void* found[kFunctionCount] = {};
  for (int f = 0; f < kFunctionCount; f++) {
    FunctionBackend& fb = live.functions[f];
    std::string detail;
    if (live.abi && live.abi->symbols[f]) {
      fb.symbol = live.abi->symbols[f];
      fb.version = live.abi->version;
    }
    if (live.usable && !fb.symbol.empty()) {
      ElfSymbol sym;
      ElfError err;
      uint64_t off = 0;
      Lookup r = live.image.Find(fb.symbol, fb.version, &sym, &err);
      if (r == Lookup::kFound && live.image.ValueOffset(sym.value, &off)) {
        fb.address = reinterpret_cast<uintptr_t>(live.base + off);
        found[f] = const_cast<uint8_t*>(live.base + off);
      } else if (r == Lookup::kError) {
        fb.reason = "lookup failed: " + err.Message();
      }
    }
    if (!common.empty()) {
      fb.reason = common;
    } else if (fb.symbol.empty()) {
      fb.reason = std::string("the ") + live.abi->name + " vDSO has no " + kFunctionNames[f];
    } else if (!found[f]) {
      if (fb.reason.empty()) fb.reason = fb.symbol + "@" + fb.version + " is not in this vDSO";
    } else if (live.disabled) {
      fb.reason = "VDSO_DISABLE=1 in the environment at load";
      found[f] = nullptr;
    } else if (f == kGetrandom && !EnableVgetrandom(found[f], &detail)) {
      fb.reason = fb.symbol + "@" + fb.version + " found, but " + detail;
      found[f] = nullptr;
    } else {
      fb.vdso = true;
      fb.reason = fb.symbol + "@" + fb.version + " at " + Hex(fb.address);
      if (f == kGetrandom) fb.reason += ", " + detail;
    }
  }
  g_vdso.clock_gettime = reinterpret_cast<ClockGettimeFn>(found[kClockGettime]);
  g_vdso.gettimeofday = reinterpret_cast<GettimeofdayFn>(found[kGettimeofday]);
  g_vdso.clock_getres = reinterpret_cast<ClockGetresFn>(found[kClockGetres]);
  g_vdso.time = reinterpret_cast<TimeFn>(found[kTime]);
  g_vdso.getcpu = reinterpret_cast<GetcpuFn>(found[kGetcpu]);
}

}  // namespace

const LiveVdso& LoadLiveVdso() {
  // A function-local static runs Resolve once, thread-safely, through
  // libstdc++'s guard. std::call_once would bind pthread_once@GLIBC_2.34 on a
  // new build host and keep the prebuilt addon from loading on older glibc.
  static const bool resolved = (Resolve(), true);
  (void)resolved;
  return g_live;
}

}  // namespace vdso
