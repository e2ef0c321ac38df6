// The data-page layouts: which kernels each covers, the live page against
// the vDSO's own coarse results, and that a wrong layout is refused without
// a fault (the page is probed before any read).
#include <ctime>

#include "check.h"
#include "data_page.h"
#include "live_vdso.h"

namespace vdso {
namespace test {
namespace {

TEST(KernelVersionsParse) {
  CHECK_EQ(ParseKernelVersion("6.18.44-fc-v1098"), KernelVersion(6, 18, 44));
  CHECK_EQ(ParseKernelVersion("6.1.0-31-cloud-amd64"), KernelVersion(6, 1, 0));
  CHECK_EQ(ParseKernelVersion("7.2"), KernelVersion(7, 2, 0));
  CHECK_EQ(ParseKernelVersion("5.10.300"), KernelVersion(5, 10, 255));  // as LINUX_VERSION_CODE clamps it
  for (const char* bad : {"", "6", "x.1", "300.1.1", "6.x"}) CHECK_EQ(ParseKernelVersion(bad), 0u) << bad;
}

TEST(LayoutsCoverKnownKernelsOnly) {
  struct Case {
    const char* abi;
    uint32_t version;
    bool known;
    uint32_t pages_before, realtime;
  };
  const Case cases[] = {
      {"x86_64", KernelVersion(6, 1, 0), true, 4, 240},   {"x86_64", KernelVersion(6, 9, 255), true, 4, 240},
      {"x86_64", KernelVersion(6, 10, 0), true, 4, 248},  {"x86_64", KernelVersion(6, 12, 57), true, 4, 248},
      {"x86_64", KernelVersion(6, 13, 0), true, 4, 120},  {"x86_64", KernelVersion(6, 15, 0), true, 6, 120},
      {"x86_64", KernelVersion(6, 18, 44), true, 6, 120}, {"x86_64", KernelVersion(7, 2, 9), true, 6, 120},
      {"aarch64", KernelVersion(6, 1, 0), true, 2, 112},  {"aarch64", KernelVersion(6, 14, 3), true, 2, 112},
      {"aarch64", KernelVersion(6, 15, 0), true, 4, 112}, {"x86_64", KernelVersion(6, 0, 19), false, 0, 0},
      {"x86_64", KernelVersion(5, 15, 0), false, 0, 0},   {"x86_64", KernelVersion(7, 3, 0), false, 0, 0},
      {"x86_64", 0, false, 0, 0},                         {"i386", KernelVersion(6, 1, 0), false, 0, 0},
      {"riscv64", KernelVersion(6, 12, 0), false, 0, 0},  {"ppc64", KernelVersion(6, 1, 0), false, 0, 0},
  };
  for (const Case& c : cases) {
    const DataPageLayout* l = DataPageLayoutFor(c.abi, c.version);
    CHECK_EQ(l != nullptr, c.known) << c.abi << " " << std::hex << c.version;
    if (l && c.known) {
      CHECK_EQ(l->pages_before, c.pages_before) << c.abi << " " << std::hex << c.version;
      CHECK_EQ(l->realtime_coarse, c.realtime);
      CHECK_EQ(l->monotonic_coarse, c.realtime + 16);
      CHECK(l->seq + 4 == l->clock_mode);
    }
  }
  CHECK(DataPageLayoutFor(nullptr, KernelVersion(6, 1, 0)) == nullptr);
}

// The seqlock read the JS reader does, here in C for the live check.
bool ReadCoarse(const DataPage& d, uint32_t at, struct timespec* ts) {
  const volatile uint32_t* seq = reinterpret_cast<const volatile uint32_t*>(d.page + d.layout->seq);
  for (int spins = 0; spins < 1 << 20; spins++) {
    uint32_t s = __atomic_load_n(seq, __ATOMIC_ACQUIRE);
    if (s & 1) continue;
    uint64_t sec, nsec;
    __builtin_memcpy(&sec, d.page + at, 8);
    __builtin_memcpy(&nsec, d.page + at + 8, 8);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (__atomic_load_n(seq, __ATOMIC_RELAXED) == s) {
      ts->tv_sec = static_cast<time_t>(sec);
      ts->tv_nsec = static_cast<long>(nsec);
      return true;
    }
  }
  return false;
}

TEST(LiveDataPageEqualsTheVdsosCoarseClocks) {
  const LiveVdso& live = LoadLiveVdso();
  DataPage d = FindDataPage(live, nullptr);
  if (!d.page) {
    // Only where no layout is known for this kernel and ABI (the -m32 build: i386).
    CHECK(Contains(d.reason, "no known data-page layout") || Contains(d.reason, "time namespace")) << d.reason;
    return;
  }
  for (auto [id, at] : {std::pair{CLOCK_REALTIME_COARSE, d.layout->realtime_coarse},
                        std::pair{CLOCK_MONOTONIC_COARSE, d.layout->monotonic_coarse}}) {
    int equal = 0;
    for (int i = 0; i < 1000; i++) {
      struct timespec a, v, b;
      CHECK(ReadCoarse(d, at, &a));
      CHECK_EQ(ClockGettime(id, &v), 0);
      CHECK(ReadCoarse(d, at, &b));
      auto le = [](const timespec& x, const timespec& y) { return x.tv_sec < y.tv_sec || (x.tv_sec == y.tv_sec && x.tv_nsec <= y.tv_nsec); };
      CHECK(le(a, v) && le(v, b)) << "clock " << id;
      if ((a.tv_sec == v.tv_sec && a.tv_nsec == v.tv_nsec) || (b.tv_sec == v.tv_sec && b.tv_nsec == v.tv_nsec)) equal++;
    }
    CHECK_EQ(equal, 1000) << "clock " << id;
  }
}

TEST(AWrongLayoutIsRefusedWithoutAFault) {
  const LiveVdso& live = LoadLiveVdso();
  DataPage own = FindDataPage(live, nullptr);
  if (!own.layout) return;  // nothing known here to be wrong about
  // Every other known layout of this ABI, forced: either the probe finds no
  // readable page, or a page whose values the JS proof would refuse; never a crash.
  for (const char* forced : {"linux-6.1", "linux-6.10", "linux-6.13", "linux-6.15"}) {
    DataPage d = FindDataPage(live, forced);
    // "No readable page" is a refusal too (seen on Linux 6.1 x86_64: the
    // 6.15 layout's page lies below the vDSO's mapping); its reason names the
    // layout, not VDSO_DATA_PAGE. test/coarse-clock.test.js accepts it as well.
    CHECK(Contains(d.reason, "(VDSO_DATA_PAGE)") || Contains(d.reason, "not readable where the layout puts it") || d.page)
        << forced << ": " << d.reason;
    if (!d.page || d.layout == own.layout) continue;
    struct timespec ts, v;
    CHECK_EQ(ClockGettime(CLOCK_MONOTONIC_COARSE, &v), 0);
    if (ReadCoarse(d, d.layout->monotonic_coarse, &ts)) CHECK(ts.tv_sec != v.tv_sec || ts.tv_nsec != v.tv_nsec) << forced;
  }
  CHECK(Contains(FindDataPage(live, "0").reason, "VDSO_DATA_PAGE=0"));
  CHECK(Contains(FindDataPage(live, "linux-9.0").reason, "no known data-page layout for Linux 9.0.0"));
  CHECK(Contains(FindDataPage(live, "fast").reason, "is not 0 or linux-X.Y"));
}

}  // namespace
}  // namespace test
}  // namespace vdso
