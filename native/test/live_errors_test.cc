// The vDSO's own error results, called directly through CallVdso, without the
// system-call retry that hides a misread error inside ClockGettime: an id no
// kernel has must come back as -EINVAL, and so must a getrandom flag the
// vDSO does not know. On ppc64 both arrive as r3 = EINVAL with CR0.SO set,
// which only vdso_ppc64_call reads; a misread would show here as +22 (or, for
// getrandom, as "22 bytes written").
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <vector>

#include "check.h"
#include "live_vdso.h"
#include "vdso_call.h"
#include "vgetrandom.h"

namespace vdso {
namespace test {
namespace {

TEST(LiveVdsoErrorsReadAsNegativeErrno) {
  const LiveVdso& live = LoadLiveVdso();
  const FunctionBackend& cg = live.functions[kClockGettime];
  CHECK(cg.vdso == (g_vdso.clock_gettime != nullptr) || kTime64On32) << BackendReason(live, kClockGettime);
  if (ClockGettimeFn f = g_vdso.clock_gettime) {
    timespec ts = {};
    for (clockid_t id : {clockid_t(-1), clockid_t(0x7fffffff), clockid_t(-0x7fffffff - 1)})
      CHECK_EQ(CallVdso(f, id, &ts), -EINVAL) << "clock " << id;
    CHECK_EQ(CallVdso(f, clockid_t(CLOCK_MONOTONIC), &ts), 0);
    CHECK(ts.tv_sec > 0 || ts.tv_nsec > 0);
  } else {
    std::printf("  clock_gettime not through the vDSO here: %s\n", BackendReason(live, kClockGettime).c_str());
  }

  const FunctionBackend& gr = live.functions[kGetrandom];
  if (!gr.vdso) {
    std::printf("  no vDSO getrandom here: %s\n", BackendReason(live, kGetrandom).c_str());
    return;
  }
  void* state = AcquireVgetrandomState();
  CHECK(state != nullptr);
  if (!state) return;
  auto fn = reinterpret_cast<VgetrandomFn>(gr.address);
  std::vector<unsigned char> buf(1263, 0);
  size_t opaque = GetVgetrandomStats().params.size_of_opaque_state;
  // An unknown flag (0x80): refused, nothing reported as written.
  CHECK_EQ(CallVdso(fn, static_cast<void*>(buf.data()), buf.size(), 0x80u, state, opaque), ssize_t(-EINVAL));
  // A request of exactly EINVAL bytes must still read as a count.
  CHECK_EQ(CallVdso(fn, static_cast<void*>(buf.data()), size_t(EINVAL), 0u, state, opaque), ssize_t(EINVAL));
  CHECK_EQ(CallVdso(fn, static_cast<void*>(buf.data()), buf.size(), 0u, state, opaque), ssize_t(buf.size()));
  size_t zero = 0;
  for (unsigned char b : buf) zero += b == 0;
  CHECK(zero < buf.size() / 16) << zero << " of " << buf.size() << " bytes are zero";
  ReleaseVgetrandomState(state);
}

}  // namespace
}  // namespace test
}  // namespace vdso
