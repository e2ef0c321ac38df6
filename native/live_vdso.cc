#include "live_vdso.h"

#include "vgetrandom.h"

#include <sys/auxv.h>

#include <cstdlib>
#include <cstring>

namespace vdso {

VdsoCalls g_vdso = {};

int SysTime(time_t* t) {
#ifdef SYS_time
  if (kTime64On32) {  // SYS_time returns a 32-bit time_t
    struct timespec ts;
    int e = SysClockGettime(CLOCK_REALTIME, &ts);
    if (e == 0) *t = ts.tv_sec;
    return e;
  }
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

// The 64-bit clock_gettime of the 32-bit ABIs that have one (Linux 5.1+), at
// the ABI's version; null where the ABI has none.
const char* Time64ClockGettime(const Abi* abi) {
  if (!abi) return nullptr;
  for (const char* name : {"arm", "i386", "mips"})
    if (std::strcmp(abi->name, name) == 0) return "__vdso_clock_gettime64";
  if (std::strcmp(abi->name, "ppc") == 0) return "__kernel_clock_gettime64";
  return nullptr;
}

bool IsPpc(const Abi* abi) { return std::strcmp(abi->name, "ppc64") == 0 || std::strcmp(abi->name, "ppc") == 0; }

}  // namespace

void ResolveVdso(const uint8_t* base, const Abi* abi, bool disabled, LiveVdso* out, void* found[kFunctionCount]) {
  LiveVdso& live = *out;
  live.disabled = disabled;
  live.abi = abi;
  live.base = base;

  Why common = Why::kVdso;  // a reason shared by every function, if not kVdso
  if (!live.base) {
    common = Why::kNoVdso;
  } else {
    ElfError err;
    if (!ElfImage::LoadExtent(live.base, kHeaderPage, &live.size, &err) ||
        !live.image.Open(live.base, live.size, &err)) {
      live.problem = err.Message();
      common = Why::kImageRejected;
    } else if (live.abi && (live.image.machine() != live.abi->machine || live.image.elf_class() != live.abi->elf_class)) {
      // Never call into an image built for another ABI than this code's.
      live.problem = "the image is for e_machine " + std::to_string(live.image.machine()) + ", ELF" +
                     std::to_string(live.image.elf_class()) + ", not this process's " + live.abi->name + " (e_machine " +
                     std::to_string(live.abi->machine) + ", ELF" + std::to_string(live.abi->elf_class) + ")";
      common = Why::kImageRejected;
    } else {
      live.usable = true;
      if (!live.abi) common = Why::kUnknownAbi;
    }
  }
  // The ppc vDSO reports errors in CR0.SO, which only vdso_ppc64_call reads:
  // a rule of the ABI resolved for, not of the build host (a test may resolve
  // an x86_64 image for the x86_64 ABI on a ppc64 build).
  if (common == Why::kVdso && live.abi && IsPpc(live.abi) && !(kPpcCallable && std::strcmp(live.abi->name, "ppc64") == 0))
    common = Why::kCallingConvention;

  for (int f = 0; f < kFunctionCount; f++) {
    FunctionBackend& fb = live.functions[f];
    if (live.abi && live.abi->symbols[f]) {
      fb.symbol = live.abi->symbols[f];
      fb.version = live.abi->version;
    }
    // A 64-bit time_t on a 32-bit ABI: clock_gettime and gettimeofday (served
    // as clock_gettime64(CLOCK_REALTIME)) through the 64-bit entry; the
    // 32-bit entries (clock_getres, time, or clock_gettime where the ABI has
    // no 64-bit one) are not called.
    bool time32_only = false;
    if (kTime64On32 && live.abi->elf_class == 32 && fb.symbol && f != kGetcpu && f != kGetrandom) {
      const char* t64 = f == kClockGettime || f == kGettimeofday ? Time64ClockGettime(live.abi) : nullptr;
      if (t64) fb.symbol = t64;
      else time32_only = true;
    }
    Why lookup = Why::kNotFound;
    if (live.usable && fb.symbol) {
      ElfSymbol sym;
      ElfError err;
      uint64_t off = 0;
      Lookup r = live.image.Find(fb.symbol, fb.version, &sym, &err);
      if (r == Lookup::kFound && live.image.ValueOffset(sym.value, &off)) {
        fb.address = reinterpret_cast<uintptr_t>(live.base + off);
        found[f] = const_cast<uint8_t*>(live.base + off);
        lookup = Why::kVdso;
      } else if (r == Lookup::kError) {
        fb.detail = err.Message();
        lookup = Why::kLookupError;
      }
    }
    if (common != Why::kVdso) fb.why = common;
    else if (!fb.symbol) fb.why = Why::kAbiHasNone;
    else if (lookup != Why::kVdso) fb.why = lookup;
    else if (live.disabled) fb.why = Why::kDisabled;
    else if (time32_only) fb.why = Why::kTime32Only;
    else if (f == kGetrandom && !EnableVgetrandom(found[f], &fb.detail)) fb.why = Why::kDeclined;
    else fb.why = Why::kVdso;
    fb.vdso = fb.why == Why::kVdso;
    if (!fb.vdso) found[f] = nullptr;
  }
}

namespace {

void Resolve() {
  const char* disable = std::getenv("VDSO_DISABLE");
  void* found[kFunctionCount] = {};
  ResolveVdso(reinterpret_cast<const uint8_t*>(getauxval(AT_SYSINFO_EHDR)), HostAbi(),
              disable && std::strcmp(disable, "1") == 0, &g_live, found);
  g_vdso.clock_gettime = reinterpret_cast<ClockGettimeFn>(found[kClockGettime]);
  // With kTime64On32, Gettimeofday() calls clock_gettime64, never this one.
  g_vdso.gettimeofday = kTime64On32 ? nullptr : reinterpret_cast<GettimeofdayFn>(found[kGettimeofday]);
  g_vdso.clock_getres = reinterpret_cast<ClockGetresFn>(found[kClockGetres]);
  g_vdso.time = reinterpret_cast<TimeFn>(found[kTime]);
  g_vdso.getcpu = reinterpret_cast<GetcpuFn>(found[kGetcpu]);
}

}  // namespace

std::string BackendReason(const LiveVdso& live, int f) {
  const FunctionBackend& fb = live.functions[f];
  const std::string name = fb.symbol ? std::string(fb.symbol) + "@" + fb.version : std::string();
  switch (fb.why) {
    case Why::kVdso: {
      std::string r = name + " at " + Hex(fb.address);
      return fb.detail.empty() ? r : r + ", " + fb.detail;
    }
    case Why::kNoVdso: return "no vDSO in this process (AT_SYSINFO_EHDR is 0)";
    case Why::kImageRejected: return "vDSO image rejected: " + live.problem;
    case Why::kUnknownAbi: return "unknown ABI: no vDSO symbol names known for this architecture";
    case Why::kCallingConvention: return "the ppc vDSO reports errors in CR0.SO, which only the ppc64le (ELFv2) build reads";
    case Why::kAbiHasNone: return std::string("the ") + live.abi->name + " vDSO has no " + kFunctionNames[f];
    case Why::kNotFound: return name + " is not in this vDSO";
    case Why::kLookupError: return "lookup failed: " + fb.detail;
    case Why::kDisabled: return "VDSO_DISABLE=1 in the environment at load";
    case Why::kDeclined: return name + " found, but " + fb.detail;
    case Why::kTime32Only:
      return name + " fills a 32-bit time_t and this build's time_t is 64-bit (_TIME_BITS=64): the 64-bit system call serves it";
  }
  return "unknown";
}

const LiveVdso& LoadLiveVdso() {
  // A function-local static runs Resolve once, thread-safely, through
  // libstdc++'s guard. std::call_once would bind pthread_once@GLIBC_2.34 on a
  // new build host and keep the prebuilt addon from loading on older glibc.
  static const bool resolved = (Resolve(), true);
  (void)resolved;
  return g_live;
}

}  // namespace vdso
