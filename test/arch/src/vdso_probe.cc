// vdso_probe: this kernel's live vDSO, found by the package's own reader
// (native/elf_image.cc, vdso_abi.cc, live_vdso.cc, vgetrandom.cc, built
// unchanged), and the kernel selftests' live checks
// (tools/testing/selftests/vDSO) run through the pointers it resolved.
//
// Runs as a static program inside a VM (or on the host). Output lines:
//   "@@key value..."    for the harness (parsed by test/arch/lib/parse.js)
//   "ok   ..." / "FAIL ..."  one per check
//   "@@image-begin ..." base64 lines "@@image-end": the live image
// Exit status 0 when no check failed.
//
// Clock calls use the kernel's own structure layouts (not the libc's
// struct timespec), so the checks mean the same with any _TIME_BITS.
// The package's wrappers (vdso::ClockGettime ...) are exercised separately
// with the libc types, which is where _TIME_BITS=64 matters.
#include <sched.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "elf_image.h"
#include "live_vdso.h"
#include "time_status.h"
#include "vdso_abi.h"
#include "vgetrandom.h"

#if defined(__powerpc64__)
// The package's native/ppc64_vdso_call.S: calls fn(a0..a4) through CTR and
// returns r3, with CR0.SO in *so. The ppc vDSO reports errors as r3 = errno
// with SO set; the probe shows both raw.
extern "C" long vdso_ppc64_call(const void* fn, long a0, long a1, long a2, long a3, long a4, int* so);
#endif

namespace {

int g_checks = 0, g_failures = 0;

void Vcheck(const char* tag, const char* fmt, va_list ap) {
  std::printf("%s ", tag);
  std::vprintf(fmt, ap);
  std::printf("\n");
}

// One check: "ok" or "FAIL" and what was compared.
bool Check(bool ok, const char* fmt, ...) {
  g_checks++;
  if (!ok) g_failures++;
  va_list ap;
  va_start(ap, fmt);
  Vcheck(ok ? "ok   " : "FAIL ", fmt, ap);
  va_end(ap);
  return ok;
}

// The kernel's layouts: on 64-bit ABIs __kernel_timespec / timeval; on
// 32-bit, old_timespec32 / old_timeval32 for the classic entries. `long` is
// the right width for both.
struct KTs {
  long sec;
  long nsec;
};
struct KTv {
  long sec;
  long usec;
};
struct KTs64 {  // __kernel_timespec, for clock_gettime64 on 32-bit ABIs
  int64_t sec;
  int64_t nsec;
};

template <typename T>
bool NotAfter(const T& a, const T& b) {
  return a.sec < b.sec || (a.sec == b.sec && a.nsec <= b.nsec);
}
bool TvNotAfter(const KTv& a, const KTv& b) { return a.sec < b.sec || (a.sec == b.sec && a.usec <= b.usec); }

const char* ErrName(int e) {
  switch (e) {
    case 0: return "0";
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case ENOSYS: return "ENOSYS";
    case EPERM: return "EPERM";
    case EAGAIN: return "EAGAIN";
    case ENODEV: return "ENODEV";
    case EOPNOTSUPP: return "EOPNOTSUPP";
  }
  static char buf[32];
  std::snprintf(buf, sizeof buf, "errno %d", e);
  return buf;
}

int SysErr(long r) { return r == -1 ? errno : 0; }

// ---- Calls through a raw vDSO pointer. Each returns 0 or a positive errno
// and, where the ABI gives one, the raw register result in *raw.
struct Raw {
  long r = 0;   // the return register
  int so = -1;  // ppc: CR0.SO after the call; -1 elsewhere
};

#if defined(__powerpc64__)
int PpcErr(const Raw& raw) { return raw.so ? static_cast<int>(raw.r) : 0; }
#endif

int VClockGettime(const void* fn, long id, KTs* ts, Raw* raw) {
#if defined(__powerpc64__)
  raw->r = vdso_ppc64_call(fn, id, reinterpret_cast<long>(ts), 0, 0, 0, &raw->so);
  return PpcErr(*raw);
#else
  int r = reinterpret_cast<int (*)(clockid_t, KTs*)>(const_cast<void*>(fn))(static_cast<clockid_t>(id), ts);
  raw->r = r;
  return r == 0 ? 0 : -r;
#endif
}

[[maybe_unused]] int VClockGettime64(const void* fn, long id, KTs64* ts, Raw* raw) {
  int r = reinterpret_cast<int (*)(clockid_t, KTs64*)>(const_cast<void*>(fn))(static_cast<clockid_t>(id), ts);
  raw->r = r;
  return r == 0 ? 0 : -r;
}

int VGettimeofday(const void* fn, KTv* tv, Raw* raw) {
#if defined(__powerpc64__)
  raw->r = vdso_ppc64_call(fn, reinterpret_cast<long>(tv), 0, 0, 0, 0, &raw->so);
  return PpcErr(*raw);
#else
  int r = reinterpret_cast<int (*)(KTv*, void*)>(const_cast<void*>(fn))(tv, nullptr);
  raw->r = r;
  return r == 0 ? 0 : -r;
#endif
}

long VTime(const void* fn, Raw* raw) {
#if defined(__powerpc64__)
  raw->r = vdso_ppc64_call(fn, 0, 0, 0, 0, 0, &raw->so);
#else
  raw->r = reinterpret_cast<long (*)(long*)>(const_cast<void*>(fn))(nullptr);
#endif
  return raw->r;
}

int VGetcpu(const void* fn, unsigned* cpu, unsigned* node, Raw* raw) {
#if defined(__powerpc64__)
  raw->r = vdso_ppc64_call(fn, reinterpret_cast<long>(cpu), reinterpret_cast<long>(node), 0, 0, 0, &raw->so);
  return PpcErr(*raw);
#else
  int r = reinterpret_cast<int (*)(unsigned*, unsigned*, void*)>(const_cast<void*>(fn))(cpu, node, nullptr);
  raw->r = r;
  return r == 0 ? 0 : -r;
#endif
}

// Returns the byte count, or -errno.
long VGetrandom(const void* fn, void* buf, size_t len, unsigned flags, void* state, size_t opaque_len, Raw* raw) {
#if defined(__powerpc64__)
  raw->r = vdso_ppc64_call(fn, reinterpret_cast<long>(buf), static_cast<long>(len), flags, reinterpret_cast<long>(state),
                         static_cast<long>(opaque_len), &raw->so);
  return raw->so ? -raw->r : raw->r;
#else
  ssize_t r = reinterpret_cast<vdso::VgetrandomFn>(const_cast<void*>(fn))(buf, len, flags, state, opaque_len);
  raw->r = static_cast<long>(r);
  return static_cast<long>(r);
#endif
}

std::string RawText(const Raw& raw) {
  char b[64];
  if (raw.so >= 0) std::snprintf(b, sizeof b, "r3=%ld SO=%d", raw.r, raw.so);
  else std::snprintf(b, sizeof b, "ret=%ld", raw.r);
  return b;
}

std::string ReadSmallFile(const char* path) {
  std::FILE* f = std::fopen(path, "r");
  if (!f) return "";
  char buf[256];
  size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = 0;
  std::string s(buf);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

const char* kTypeNames[] = {"NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE", "COMMON", "TLS"};
const char* kBindNames[] = {"LOCAL", "GLOBAL", "WEAK"};

// ---- The sections of the probe.

// The ABI's own entry for function f (vdso_abi's name at its version), looked
// up here with the package's reader: the raw checks below call exactly that
// entry with the kernel's structures for it, whatever entry the package
// itself chose to call (a t64 build may pick __vdso_clock_gettime64).
const void* Address(const vdso::LiveVdso& live, int f) {
  if (!live.usable || !live.abi || !live.abi->symbols[f]) return nullptr;
  vdso::ElfSymbol sym;
  vdso::ElfError err;
  uint64_t off = 0;
  if (live.image.Find(live.abi->symbols[f], live.abi->version, &sym, &err) != vdso::Lookup::kFound ||
      !live.image.ValueOffset(sym.value, &off))
    return nullptr;
  return live.base + off;
}

void DescribeImage(const vdso::LiveVdso& live) {
  struct utsname u;
  uname(&u);
  std::printf("@@uname %s %s %s\n", u.sysname, u.release, u.machine);
  std::printf("@@uname-version %s\n", u.version);
  std::printf("@@build %d-bit, time_t %d bytes, %s\n", int(sizeof(void*) * 8), int(sizeof(time_t)),
#ifdef __VERSION__
              "g++ " __VERSION__
#else
              "unknown compiler"
#endif
  );
  std::printf("@@page-size %ld\n", sysconf(_SC_PAGESIZE));
  std::printf("@@cpus %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
  std::string cs = ReadSmallFile("/sys/devices/system/clocksource/clocksource0/current_clocksource");
  std::printf("@@clocksource %s\n", cs.empty() ? "(unknown: no /sys)" : cs.c_str());
  std::printf("@@at-sysinfo-ehdr %s\n", vdso::Hex(getauxval(AT_SYSINFO_EHDR)).c_str());
  Check(live.base != nullptr, "AT_SYSINFO_EHDR is set (the kernel mapped a vDSO)");
  if (!live.base) return;
  Check(live.usable, "the package's reader accepts the live image%s%s", live.usable ? "" : ": ",
        live.problem.c_str());
  std::printf("@@image-size %llu\n", static_cast<unsigned long long>(live.size));
  if (!live.usable) return;
  const vdso::ElfImage& img = live.image;
  const vdso::Abi* fa = vdso::AbiFor(img.machine(), img.elf_class());
  std::printf("@@abi %s (host ABI %s)\n", fa ? fa->name : "unknown", live.abi ? live.abi->name : "unknown");
  Check(fa && fa == live.abi, "the image's e_machine %u / ELFCLASS%d is this build's ABI (%s)", img.machine(),
        img.elf_class(), live.abi ? live.abi->name : "none");
  std::printf("@@elf class=%d endian=%s machine=%u flags=%s\n", img.elf_class(), img.big_endian() ? "big" : "little",
              img.machine(), vdso::Hex(img.flags()).c_str());
  std::string hs;
  if (img.hash_styles() & vdso::kHashSysv) hs += " DT_HASH";
  if (img.hash_styles() & vdso::kHashGnu) hs += " DT_GNU_HASH";
  std::printf("@@hash%s\n", hs.c_str());
  std::printf("@@soname %.*s\n", int(img.soname().size()), img.soname().data());
  uint32_t v = img.linux_version_code();
  std::printf("@@linux-note %u.%u.%u\n", v >> 16, (v >> 8) & 0xff, v & 0xff);

  vdso::ElfError err;
  std::vector<std::string_view> versions;
  bool vok = img.Versions(&versions, &err);
  Check(vok, "version definitions read%s%s", vok ? "" : ": ", vok ? "" : err.Message().c_str());
  std::string vs;
  for (auto& x : versions) vs += " " + std::string(x);
  std::printf("@@versions%s\n", vs.c_str());

  std::vector<vdso::ElfSymbol> syms;
  bool sok = img.Symbols(&syms, &err);
  Check(sok, "dynamic symbols read (%zu defined)%s%s", syms.size(), sok ? "" : ": ", sok ? "" : err.Message().c_str());
  for (const vdso::ElfSymbol& s : syms) {
    std::printf("@@symbol %3u %-28.*s %-14.*s value=%s size=%llu %s %s%s\n", s.index, int(s.name.size()),
                s.name.data(), int(s.version.size()), s.version.empty() ? "-" : s.version.data(),
                vdso::Hex(s.value).c_str(), static_cast<unsigned long long>(s.size),
                s.type < 7 ? kTypeNames[s.type] : "?", s.binding < 3 ? kBindNames[s.binding] : "?",
                s.hidden ? " hidden" : "");
  }
}

void DescribeFunctions(const vdso::LiveVdso& live) {
  for (int f = 0; f < vdso::kFunctionCount; f++) {
    const vdso::FunctionBackend& fb = live.functions[f];
    std::printf("@@fn %s %s %s%s%s %s | %s\n", vdso::kFunctionNames[f], fb.vdso ? "vdso" : "syscall",
                fb.symbol ? fb.symbol : "-", fb.symbol ? "@" : "", fb.symbol ? fb.version : "",
                fb.address ? vdso::Hex(fb.address).c_str() : "-", vdso::BackendReason(live, f).c_str());
  }
  // Every function the ABI names must be found when the kernel is new enough
  // to have it; clock_gettime, gettimeofday and clock_getres always.
  for (int f : {vdso::kClockGettime, vdso::kGettimeofday, vdso::kClockGetres}) {
    const vdso::FunctionBackend& fb = live.functions[f];
    Check(fb.address != 0, "%s@%s resolved by the package's lookup at %s", fb.symbol ? fb.symbol : "(none)",
          fb.version ? fb.version : "", vdso::Hex(fb.address).c_str());
    const void* own = Address(live, f);
    if (fb.symbol && live.abi && std::strcmp(fb.symbol, live.abi->symbols[f]) == 0)
      Check(own == reinterpret_cast<const void*>(fb.address), "%s: the package's address %s is the ABI entry's %p",
            fb.symbol, vdso::Hex(fb.address).c_str(), own);
  }
}

// vdso_test_correctness: ids 0..11, -1, INT_MIN, INT_MAX.
const long kClockIds[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1, INT_MIN, INT_MAX};

void ClockChecks(const vdso::LiveVdso& live) {
  const void* cg = Address(live, vdso::kClockGettime);
  const void* gr = Address(live, vdso::kClockGetres);
  if (!cg) return;
  for (long id : kClockIds) {
    KTs a{}, b{}, c{};
    Raw raw;
    int e1 = SysErr(syscall(SYS_clock_gettime, id, &a));
    int ev = VClockGettime(cg, id, &b, &raw);
    int e2 = SysErr(syscall(SYS_clock_gettime, id, &c));
    if (e1 == EINVAL || ev == EINVAL) {
      Check(e1 == ev && e2 == e1, "clock_gettime(%ld): syscall %s, vDSO %s (%s)", id, ErrName(e1), ErrName(ev),
            RawText(raw).c_str());
      continue;
    }
    bool ordered = e1 == 0 && ev == 0 && e2 == 0 && NotAfter(a, b) && NotAfter(b, c);
    // A few hundred more rounds for the fine clocks, as the selftest loops.
    int rounds = 1;
    for (; ordered && rounds < 200; rounds++) {
      e1 = SysErr(syscall(SYS_clock_gettime, id, &a));
      ev = VClockGettime(cg, id, &b, &raw);
      e2 = SysErr(syscall(SYS_clock_gettime, id, &c));
      ordered = e1 == 0 && ev == 0 && e2 == 0 && NotAfter(a, b) && NotAfter(b, c);
    }
    Check(ordered, "clock_gettime(%ld): syscall <= vDSO <= syscall over %d rounds (%ld.%09ld <= %ld.%09ld <= %ld.%09ld)%s%s",
          id, rounds, a.sec, a.nsec, b.sec, b.nsec, c.sec, c.nsec, e1 || ev || e2 ? " errors: " : "",
          e1 || ev || e2 ? (std::string(ErrName(e1)) + "/" + ErrName(ev) + "/" + ErrName(e2)).c_str() : "");
  }
  if (gr) {
    for (long id : kClockIds) {
      KTs a{-7, -7}, b{-7, -7};
      Raw raw;
      int es = SysErr(syscall(SYS_clock_getres, id, &a));
      int ev = VClockGettime(gr, id, &b, &raw);  // same signature
      bool same = es == ev && (es != 0 || (a.sec == b.sec && a.nsec == b.nsec));
      if (es == 0 && ev == 0)
        Check(same, "clock_getres(%ld): syscall %ld.%09ld, vDSO %ld.%09ld", id, a.sec, a.nsec, b.sec, b.nsec);
      else
        Check(same, "clock_getres(%ld): syscall %s, vDSO %s (%s)", id, ErrName(es), ErrName(ev), RawText(raw).c_str());
    }
  }
#if defined(__powerpc64__)
  {
    // The ppc convention itself: a bad clock id is r3 = EINVAL with SO set,
    // success is r3 = 0 with SO clear.
    KTs t{};
    Raw bad, good;
    VClockGettime(cg, INT_MAX, &t, &bad);
    VClockGettime(cg, CLOCK_MONOTONIC, &t, &good);
    Check(bad.r == EINVAL && bad.so == 1, "ppc convention: clock_gettime(INT_MAX) gives %s (want r3=22 SO=1)",
          RawText(bad).c_str());
    Check(good.r == 0 && good.so == 0, "ppc convention: clock_gettime(MONOTONIC) gives %s (want r3=0 SO=0)",
          RawText(good).c_str());
  }
#endif
}

void TimeofdayChecks(const vdso::LiveVdso& live) {
  if (const void* g = Address(live, vdso::kGettimeofday)) {
    KTv a{}, b{}, c{};
    Raw raw;
    bool ok = true;
    int rounds = 0;
    for (; ok && rounds < 200; rounds++) {
      int e1 = SysErr(syscall(SYS_gettimeofday, &a, nullptr));
      int ev = VGettimeofday(g, &b, &raw);
      int e2 = SysErr(syscall(SYS_gettimeofday, &c, nullptr));
      ok = !e1 && !ev && !e2 && TvNotAfter(a, b) && TvNotAfter(b, c);
    }
    Check(ok, "gettimeofday: syscall <= vDSO <= syscall over %d rounds (%ld.%06ld <= %ld.%06ld <= %ld.%06ld, %s)",
          rounds, a.sec, a.usec, b.sec, b.usec, c.sec, c.usec, RawText(raw).c_str());
  }
  if (const void* t = Address(live, vdso::kTime)) {
    Raw raw;
    KTs a{}, c{};
    syscall(SYS_clock_gettime, CLOCK_REALTIME, &a);
    long v = VTime(t, &raw);
    syscall(SYS_clock_gettime, CLOCK_REALTIME, &c);
    Check(a.sec <= v && v <= c.sec, "time: %ld <= vDSO %ld <= %ld", a.sec, v, c.sec);
  }
}

void GetcpuChecks(const vdso::LiveVdso& live) {
  const void* g = Address(live, vdso::kGetcpu);
  cpu_set_t original;
  if (sched_getaffinity(0, sizeof original, &original) != 0) {
    Check(false, "sched_getaffinity: %s", std::strerror(errno));
    return;
  }
  int pinned = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
    if (!CPU_ISSET(cpu, &original)) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) continue;
    unsigned sc = ~0u, sn = ~0u, pc = ~0u, pn = ~0u;
    int es = SysErr(syscall(SYS_getcpu, &sc, &sn, nullptr));
    int ep = vdso::Getcpu(&pc, &pn);
    if (g) {
      unsigned vc = ~0u, vn = ~0u;
      Raw raw;
      int ev = VGetcpu(g, &vc, &vn, &raw);
      Check(!es && !ev && vc == unsigned(cpu) && sc == unsigned(cpu) && vn == sn,
            "getcpu pinned to cpu %d: vDSO cpu %u node %u (%s), syscall cpu %u node %u", cpu, vc, vn,
            RawText(raw).c_str(), sc, sn);
    }
    Check(!es && !ep && pc == unsigned(cpu) && pn == sn, "package Getcpu pinned to cpu %d: cpu %u node %u", cpu, pc,
          pn);
    pinned++;
  }
  sched_setaffinity(0, sizeof original, &original);
  Check(pinned >= 1, "getcpu checked on %d cpu(s)%s", pinned, g ? "" : " (this ABI has no vDSO getcpu)");
}

// vdso_test_getrandom, through the raw pointer (any ABI, ppc through the
// trampoline), then the package's own path.
void GetrandomChecks(const vdso::LiveVdso& live) {
  const vdso::FunctionBackend& fb = live.functions[vdso::kGetrandom];
  const void* g = Address(live, vdso::kGetrandom);
  if (!fb.symbol) {
    std::printf("@@getrandom none (the %s ABI has no vDSO getrandom)\n", live.abi ? live.abi->name : "?");
    return;
  }
  if (!g) {
    std::printf("@@getrandom absent (%s@%s not in this vDSO)\n", fb.symbol, fb.version);
    return;
  }
  vdso::VgetrandomParams params;
  std::memset(&params, 0xa5, sizeof params);
  Raw raw;
  long r = VGetrandom(g, nullptr, 0, 0, &params, ~size_t(0), &raw);
  std::printf("@@getrandom present %s@%s at %s: query %s, size_of_opaque_state=%u mmap_prot=%s mmap_flags=%s\n",
              fb.symbol, fb.version, vdso::Hex(fb.address).c_str(), RawText(raw).c_str(), params.size_of_opaque_state,
              vdso::Hex(params.mmap_prot).c_str(), vdso::Hex(params.mmap_flags).c_str());
  if (!Check(r == 0 && params.size_of_opaque_state > 0 && params.size_of_opaque_state <= 4096,
             "getrandom parameter query: returned %ld, opaque state %u bytes", r, params.size_of_opaque_state))
    return;
  void* page = mmap(nullptr, sysconf(_SC_PAGESIZE), int(params.mmap_prot), int(params.mmap_flags), -1, 0);
  if (!Check(page != MAP_FAILED, "mmap of a state page with prot %s flags %s: %s", vdso::Hex(params.mmap_prot).c_str(),
             vdso::Hex(params.mmap_flags).c_str(), page == MAP_FAILED ? std::strerror(errno) : "ok"))
    return;
  std::vector<uint8_t> buf(1263);
  int full = 0, nonzero = 0;
  for (int i = 0; i < 1000; i++) {
    std::memset(buf.data(), 0, buf.size());
    long n = VGetrandom(g, buf.data(), buf.size(), 0, page, params.size_of_opaque_state, &raw);
    if (n == long(buf.size())) full++;
    for (uint8_t x : buf)
      if (x) {
        nonzero++;
        break;
      }
  }
  Check(full == 1000 && nonzero == 1000, "getrandom: 1000 calls of 1263 bytes, %d returned full length, %d non-zero",
        full, nonzero);
  // Unknown flags: the vDSO hands them to the system call, which refuses.
  long bad = VGetrandom(g, buf.data(), 16, 0x80, page, params.size_of_opaque_state, &raw);
  Check(bad == -EINVAL, "getrandom with unknown flag 0x80 refused: %ld (%s)", bad, RawText(raw).c_str());
  long zero = VGetrandom(g, buf.data(), 0, 0, page, params.size_of_opaque_state, &raw);
  Check(zero == 0, "getrandom of 0 bytes returns 0: %ld (%s)", zero, RawText(raw).c_str());
  long insecure = VGetrandom(g, buf.data(), 32, vdso::kGrndInsecure, page, params.size_of_opaque_state, &raw);
  Check(insecure == 32, "getrandom GRND_INSECURE 32 bytes: %ld (%s)", insecure, RawText(raw).c_str());
  munmap(page, sysconf(_SC_PAGESIZE));
#if !defined(__powerpc__)
  // The package's own path: states from its pool, calls through its pointer.
  void* state = vdso::AcquireVgetrandomState();
  Check(fb.vdso && state, "package getrandom: %s, state %p", vdso::BackendReason(live, vdso::kGetrandom).c_str(),
        state);
  std::vector<uint8_t> big(100000);
  int e = vdso::Getrandom(state, big.data(), big.size(), 0);
  size_t zeros = 0;
  for (uint8_t x : big) zeros += x == 0;
  Check(e == 0 && zeros < big.size() / 100, "package Getrandom of %zu bytes: %s, %zu zero bytes", big.size(),
        ErrName(e), zeros);
  vdso::ReleaseVgetrandomState(state);
#endif
}

// 32-bit ABIs: the 64-bit time entries, and what the package's wrappers give.
void Time64Checks(const vdso::LiveVdso& live) {
#if !defined(__LP64__) && defined(SYS_clock_gettime64)
  vdso::ElfSymbol sym;
  vdso::ElfError err;
  uint64_t off = 0;
  const char* name = "__vdso_clock_gettime64";
  const char* version = live.abi ? live.abi->version : "LINUX_2.6";
  bool found = live.image.Find(name, version, &sym, &err) == vdso::Lookup::kFound && live.image.ValueOffset(sym.value, &off);
  std::printf("@@clock_gettime64 %s@%s %s\n", name, version, found ? vdso::Hex(uintptr_t(live.base + off)).c_str() : "absent");
  if (!Check(found, "%s@%s is in the live vDSO", name, version)) return;
  const void* fn = live.base + off;
  for (long id : kClockIds) {
    KTs64 a{}, b{}, c{};
    Raw raw;
    int e1 = SysErr(syscall(SYS_clock_gettime64, id, &a));
    int ev = VClockGettime64(fn, id, &b, &raw);
    int e2 = SysErr(syscall(SYS_clock_gettime64, id, &c));
    if (e1 == EINVAL || ev == EINVAL) {
      Check(e1 == ev && e2 == e1, "clock_gettime64(%ld): syscall %s, vDSO %s", id, ErrName(e1), ErrName(ev));
      continue;
    }
    Check(!e1 && !ev && !e2 && NotAfter(a, b) && NotAfter(b, c),
          "clock_gettime64(%ld): SYS_clock_gettime64 <= vDSO <= SYS_clock_gettime64 (%lld.%09lld <= %lld.%09lld <= %lld.%09lld)",
          id, (long long)a.sec, (long long)a.nsec, (long long)b.sec, (long long)b.nsec, (long long)c.sec,
          (long long)c.nsec);
  }
#else
  (void)live;
#endif
}

// The kernel's own reading, always with 64-bit seconds (clock_gettime64 on
// 32-bit ABIs), in nanoseconds: the oracle for the package's wrappers.
long long KernelNs(clockid_t id) {
  KTs64 t{};
#if !defined(__LP64__) && defined(SYS_clock_gettime64)
  syscall(SYS_clock_gettime64, id, &t);
#else
  KTs k{};
  syscall(SYS_clock_gettime, id, &k);
  t.sec = k.sec, t.nsec = k.nsec;
#endif
  return t.sec * 1000000000LL + t.nsec;
}

long long NsOf(const struct timespec& t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

// The package's wrappers with the libc's own types: what an addon built with
// these flags returns, each bracketed by the kernel's answer before and after
// (truncated to the wrapper's unit).
void PackageWrapperChecks() {
  for (clockid_t id : {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME}) {
    struct timespec p{}, s{};
    long long before = KernelNs(id);
    int ep = vdso::ClockGettime(id, &p);
    int es = vdso::SysClockGettime(id, &s);
    long long after = KernelNs(id);
    Check(ep == 0 && before <= NsOf(p) && NsOf(p) <= after && p.tv_nsec >= 0 && p.tv_nsec < 1000000000,
          "package ClockGettime(%d) [time_t %d bytes]: %lld.%09ld, kernel %lld..%lld ns", int(id), int(sizeof(time_t)),
          (long long)p.tv_sec, long(p.tv_nsec), before, after);
    Check(es == 0 && before <= NsOf(s) && NsOf(s) <= after && s.tv_nsec >= 0 && s.tv_nsec < 1000000000,
          "package SysClockGettime(%d) [time_t %d bytes]: %lld.%09ld, kernel %lld..%lld ns", int(id),
          int(sizeof(time_t)), (long long)s.tv_sec, long(s.tv_nsec), before, after);
  }
  {
    struct timeval tv{};
    long long before = KernelNs(CLOCK_REALTIME) / 1000;
    int e = vdso::Gettimeofday(&tv);
    long long after = KernelNs(CLOCK_REALTIME) / 1000;
    long long us = (long long)tv.tv_sec * 1000000LL + tv.tv_usec;
    Check(e == 0 && before <= us && us <= after && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
          "package Gettimeofday: %lld.%06ld, kernel %lld..%lld us", (long long)tv.tv_sec, long(tv.tv_usec), before, after);
  }
  {
    struct timespec r{};
    int e = vdso::ClockGetres(CLOCK_MONOTONIC, &r);
    bool ok = e == 0 && r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 100000000;
    Check(ok, "package ClockGetres(MONOTONIC): %lld.%09ld", (long long)r.tv_sec, long(r.tv_nsec));
  }
  {
    time_t t = 0;
    long long before = KernelNs(CLOCK_REALTIME) / 1000000000LL;
    int e = vdso::Time(&t);
    long long after = KernelNs(CLOCK_REALTIME) / 1000000000LL;
    Check(e == 0 && before <= (long long)t && (long long)t <= after, "package Time: %lld, kernel %lld..%lld s",
          (long long)t, before, after);
  }
  {
    // The caller's error stays EINVAL through the package's rule.
    struct timespec t{};
    int e = vdso::ClockGettime(INT_MAX, &t);
    Check(e == EINVAL, "package ClockGettime(INT_MAX): %s", ErrName(e));
  }
}

// ---- The kernel's clock discipline (--timex, --timex-check, --timex-read).
// glibc's adjtimex() (its own struct timex, converted for this ABI and
// _TIME_BITS) is the oracle for the package's vdso::ReadTimeStatus, which
// calls the kernel with the kernel's layouts itself.

// The known values --timex sets: as root in the guest, never on a host.
constexpr long kKnownMaxError = 123456;  // us
constexpr long kKnownEstError = 4321;    // us
constexpr int kKnownTai = 37;            // s
constexpr long kKnownFreq = -819200;     // -12.5 ppm in 16.16: negative, to see the sign survive 32-bit ABIs
constexpr int kTimeIns = 1;              // TIME_INS: a leap second will be inserted at midnight UTC
constexpr long kTolerancePerSecond = 500;  // us a second the kernel adds to maxerror (MAXFREQ)

struct GlibcTimex {
  int state = -1;
  struct timex tx{};
};

GlibcTimex GlibcRead() {
  GlibcTimex g;
  g.tx.modes = 0;
  g.state = adjtimex(&g.tx);
  return g;
}

void PrintGlibc(const char* tag, const GlibcTimex& g) {
  std::printf("@@timex-raw %s state=%d status=%d offset=%lld freq=%lld maxerror=%lld esterror=%lld constant=%lld "
              "precision=%lld tolerance=%lld tick=%lld tai=%d\n",
              tag, g.state, g.tx.status, (long long)g.tx.offset, (long long)g.tx.freq, (long long)g.tx.maxerror,
              (long long)g.tx.esterror, (long long)g.tx.constant, (long long)g.tx.precision, (long long)g.tx.tolerance,
              (long long)g.tx.tick, g.tx.tai);
}

double MonotonicSeconds() {
  struct timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

// The package's reading between two of glibc's: every field equal to glibc's
// (maxerror between the two, as the kernel may add its tolerance between).
bool CompareWithGlibc(const char* when, vdso::TimeStatusReading* out) {
  GlibcTimex a = GlibcRead();
  vdso::TimeStatusReading r;
  int e = vdso::ReadTimeStatus(&r);
  GlibcTimex b = GlibcRead();
  if (!Check(a.state >= 0 && b.state >= 0 && e == 0, "%s: glibc adjtimex %d/%d, package %s (%s): %s", when, a.state,
             b.state, vdso::TimeStatusSyscall(), ErrName(e), a.state < 0 ? std::strerror(errno) : "read"))
    return false;
  PrintGlibc(when, a);
  const struct timex& t = a.tx;
  bool same = r.status == t.status && r.offset == t.offset && r.freq == t.freq && r.esterror == t.esterror &&
              r.constant == t.constant && r.precision == t.precision && r.tolerance == t.tolerance && r.tick == t.tick &&
              r.tai == t.tai && (r.state == a.state || r.state == b.state) && a.tx.maxerror <= r.maxerror &&
              r.maxerror <= b.tx.maxerror;
  Check(same,
        "%s: package (%s, time_t %d bytes) = glibc field for field: state %d (glibc %d..%d) status %d/%d offset %lld/%lld "
        "freq %lld/%lld maxerror %lld in %lld..%lld esterror %lld/%lld constant %lld/%lld precision %lld/%lld "
        "tolerance %lld/%lld tick %lld/%lld tai %d/%d",
        when, vdso::TimeStatusSyscall(), int(sizeof(time_t)), r.state, a.state, b.state, r.status, t.status,
        (long long)r.offset, (long long)t.offset, (long long)r.freq, (long long)t.freq, (long long)r.maxerror,
        (long long)a.tx.maxerror, (long long)b.tx.maxerror, (long long)r.esterror, (long long)t.esterror,
        (long long)r.constant, (long long)t.constant, (long long)r.precision, (long long)t.precision,
        (long long)r.tolerance, (long long)t.tolerance, (long long)r.tick, (long long)t.tick, r.tai, t.tai);
  // The reading's own CLOCK_REALTIME, between the two of glibc's.
  bool nano = (r.status & STA_NANO) != 0;
  long long ours = r.time_sec * 1000000000LL + r.time_frac * (nano ? 1 : 1000);
  long long ta = (long long)a.tx.time.tv_sec * 1000000000LL + (long long)a.tx.time.tv_usec * (nano ? 1 : 1000);
  long long tb = (long long)b.tx.time.tv_sec * 1000000000LL + (long long)b.tx.time.tv_usec * (nano ? 1 : 1000);
  Check(ta <= ours && ours <= tb, "%s: the reading's time %lld ns between glibc's %lld..%lld", when, ours, ta, tb);
  *out = r;
  return same;
}

// --timex: sets the known values (unless check_only), waits for the kernel to
// arm the leap second, and checks the package's reading against them and glibc.
void TimexChecks(bool check_only) {
  vdso::TimeStatusReading r;
  double t0 = MonotonicSeconds();
  if (!check_only) {
    // Only the guest's /init starts it: never change a host's clock discipline.
    if (!Check(getppid() == 1, "--timex sets the clock discipline, so it runs only as a child of /init (pid 1), in a VM"))
      return;
    // A clocksource switch clears the discipline (the kernel's ntp_clear): on x86 the
    // switch from tsc-early to the refined tsc may come late under TCG, so wait for it.
    for (int i = 0; i < 600 && ReadSmallFile("/sys/devices/system/clocksource/clocksource0/current_clocksource") == "tsc-early"; i++) {
      struct timespec nap = {0, 50 * 1000 * 1000};
      nanosleep(&nap, nullptr);
    }
    CompareWithGlibc("as booted", &r);
    struct timex set{};
    set.modes = ADJ_MAXERROR | ADJ_ESTERROR | ADJ_STATUS | ADJ_TAI | ADJ_FREQUENCY;
    set.maxerror = kKnownMaxError;
    set.esterror = kKnownEstError;
    set.status = STA_INS;  // STA_UNSYNC and the PLL bits clear; the read-only bits stay as they are
    set.constant = kKnownTai;  // ADJ_TAI takes the offset from `constant`
    set.freq = kKnownFreq;
    t0 = MonotonicSeconds();
    int rc = adjtimex(&set);
    if (!Check(rc >= 0, "adjtimex set maxerror %ld, esterror %ld, status STA_INS, TAI %d, freq %ld: %s", kKnownMaxError,
               kKnownEstError, kKnownTai, kKnownFreq, rc >= 0 ? "done" : std::strerror(errno)))
      return;
  }
  // The kernel moves TIME_OK to TIME_INS at its next second boundary.
  for (int i = 0; i < 150; i++) {
    if (vdso::ReadTimeStatus(&r) == 0 && r.state == kTimeIns) break;
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, nullptr);
  }
  if (!CompareWithGlibc(check_only ? "known values (set by an earlier step)" : "known values set", &r)) return;
  double elapsed = MonotonicSeconds() - t0;
  long grown = kTolerancePerSecond * (long(elapsed) + 2);
  Check(r.state == kTimeIns, "state %d: TIME_INS (a leap second armed)", r.state);
  Check((r.status & STA_INS) && !(r.status & STA_UNSYNC), "status %#x: STA_INS set, STA_UNSYNC clear", unsigned(r.status));
  Check(r.esterror == kKnownEstError && r.tai == kKnownTai && r.freq == kKnownFreq,
        "esterror %lld, TAI %d, freq %lld: the values set", (long long)r.esterror, r.tai, (long long)r.freq);
  Check(r.maxerror >= kKnownMaxError && r.maxerror <= kKnownMaxError + grown,
        "maxerror %lld: the %ld set plus at most %ld us of tolerance after %.1f s", (long long)r.maxerror, kKnownMaxError,
        grown, elapsed);
  // The kernel applies the TAI offset to CLOCK_TAI.
  long long ra = KernelNs(CLOCK_REALTIME), tai = KernelNs(CLOCK_TAI), rb = KernelNs(CLOCK_REALTIME);
  long long off = kKnownTai * 1000000000LL;
  Check(ra + off <= tai && tai <= rb + off, "CLOCK_TAI %lld is CLOCK_REALTIME (%lld..%lld) + %d s", tai, ra, rb, kKnownTai);
  std::printf("@@timex syscall=%s state=%d status=%#x maxerror=%lld esterror=%lld tai=%d freq=%lld offset=%lld\n",
              vdso::TimeStatusSyscall(), r.state, unsigned(r.status), (long long)r.maxerror, (long long)r.esterror, r.tai,
              (long long)r.freq, (long long)r.offset);
}

// FNV-1a 64 of the image, so the harness can tell a clean transfer.
uint64_t Fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

// The [vdso] mapping's size, from /proc/self/maps (0 when unknown).
size_t VdsoMappingSize(const uint8_t* base) {
  std::FILE* f = std::fopen("/proc/self/maps", "r");
  if (!f) return 0;
  char line[512];
  size_t size = 0;
  while (std::fgets(line, sizeof line, f)) {
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo == reinterpret_cast<uintptr_t>(base) && std::strstr(line, "[vdso]"))
      size = hi - lo;
  }
  std::fclose(f);
  return size;
}

// The whole file the kernel mapped: the PT_LOAD extent stops before the
// section headers, which readelf wants; they follow it inside the mapping.
size_t FileExtent(const vdso::LiveVdso& live, size_t vma) {
  const uint8_t* b = live.base;
  uint64_t shoff;
  uint16_t shentsize, shnum;
  if (b[4] == 2) {  // ELFCLASS64
    std::memcpy(&shoff, b + 0x28, 8);
    std::memcpy(&shentsize, b + 0x3a, 2);
    std::memcpy(&shnum, b + 0x3c, 2);
  } else {
    uint32_t off32;
    std::memcpy(&off32, b + 0x20, 4);
    shoff = off32;
    std::memcpy(&shentsize, b + 0x2e, 2);
    std::memcpy(&shnum, b + 0x30, 2);
  }
  uint64_t end = shoff + uint64_t(shentsize) * shnum;
  size_t n = live.size;
  if (end > n && vma && end <= vma) n = size_t(end);
  return n;
}

void DumpImage(const vdso::LiveVdso& live) {
  if (!live.base || !live.size) return;
  static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const uint8_t* p = live.base;
  size_t vma = VdsoMappingSize(live.base);
  size_t n = FileExtent(live, vma);
  std::printf("@@image-extent pt_load=%llu file=%zu mapping=%zu\n", static_cast<unsigned long long>(live.size), n, vma);
  std::printf("@@image-begin size=%zu fnv1a64=%016llx\n", n, static_cast<unsigned long long>(Fnv1a(p, n)));
  std::string line;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = uint32_t(p[i]) << 16 | (i + 1 < n ? uint32_t(p[i + 1]) << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    line += tbl[(v >> 18) & 63];
    line += tbl[(v >> 12) & 63];
    line += i + 1 < n ? tbl[(v >> 6) & 63] : '=';
    line += i + 2 < n ? tbl[v & 63] : '=';
    if (line.size() >= 76) {
      std::printf("%s\n", line.c_str());
      line.clear();
    }
  }
  if (!line.empty()) std::printf("%s\n", line.c_str());
  std::printf("@@image-end\n");
}

}  // namespace

int main(int argc, char** argv) {
  bool dump = true;
  const char* timex = nullptr;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--no-dump") == 0) dump = false;
    else if (std::strncmp(argv[i], "--timex", 7) == 0) timex = argv[i];
  }
  setvbuf(stdout, nullptr, _IOLBF, 0);
  if (timex) {
    // --timex-read: glibc's reading only, for the Node checks.
    if (std::strcmp(timex, "--timex-read") == 0) {
      GlibcTimex g = GlibcRead();
      PrintGlibc("read", g);
      return g.state >= 0 ? 0 : 1;
    }
    TimexChecks(std::strcmp(timex, "--timex-check") == 0);
    std::printf("@@result checks=%d failures=%d\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
  }
  const vdso::LiveVdso& live = vdso::LoadLiveVdso();
  DescribeImage(live);
  if (live.usable) {
    DescribeFunctions(live);
    ClockChecks(live);
    TimeofdayChecks(live);
    Time64Checks(live);
    GetcpuChecks(live);
    GetrandomChecks(live);
  }
  PackageWrapperChecks();
  if (dump) DumpImage(live);
  std::printf("@@result checks=%d failures=%d\n", g_checks, g_failures);
  return g_failures ? 1 : 0;
}
