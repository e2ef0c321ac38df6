// The benchmark's floor, as its own addon (never part of the package's): the
// C cost of the very calls the package's addon makes, looped with no JS
// around them, and the cost of the ELF walk at load and repeated.
#include <node_api.h>

#include <cstring>
#include <ctime>

#include "elf_image.h"
#include "live_vdso.h"
#include "vdso_abi.h"

namespace vdso {
namespace {

double MonotonicNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// (id, n) => nanoseconds per call over n back-to-back calls of the very C
// function the hot path uses, timed with CLOCK_MONOTONIC around the loop.
template <int (*Call)(clockid_t, struct timespec*)>
napi_value CLoop(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int32_t id, n;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &id) != napi_ok ||
      napi_get_value_int32(env, argv[1], &n) != napi_ok || n < 1) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "Expected (clock id: int32, calls: int32 >= 1)");
    return nullptr;
  }
  struct timespec ts;
  if (int e = Call(id, &ts)) {
    napi_throw_error(env, "ERR_VDSO_CALL_FAILED", std::strerror(e));
    return nullptr;
  }
  double t0 = MonotonicNs();
  for (int32_t i = 0; i < n; i++) Call(id, &ts);
  double t1 = MonotonicNs();
  napi_value v;
  napi_create_double(env, (t1 - t0) / n, &v);
  return v;
}

// The first LoadLiveVdso() of this addon's own copy of the reader, at its
// load: the ELF walk (validation, hash lookups, version checks) as cold as
// the package's own at its load, page faults and lazy binding included.
double TimedFirstLoad() {
  double t0 = MonotonicNs();
  LoadLiveVdso();
  return MonotonicNs() - t0;
}

// The walk alone, without the first run's page faults and symbol binding:
// the same validation and versioned lookups again over the live image, best of 5.
double RepeatWalkNs() {
  const LiveVdso& live = LoadLiveVdso();
  if (!live.usable || !live.abi) return -1;
  double best = 1e18;
  for (int round = 0; round < 5; round++) {
    double t0 = MonotonicNs();
    ElfImage image;
    ElfError err;
    uint64_t extent = 0;
    ElfSymbol sym;
    if (ElfImage::LoadExtent(live.base, 4096, &extent, &err) && image.Open(live.base, extent, &err)) {
      for (int f = 0; f < kFunctionCount; f++) {
        if (live.abi->symbols[f]) image.Find(live.abi->symbols[f], live.abi->version, &sym, &err);
      }
    }
    double t = MonotonicNs() - t0;
    if (t < best) best = t;
  }
  return best;
}

napi_value Number(napi_env env, double v) {
  napi_value r;
  napi_create_double(env, v, &r);
  return r;
}

napi_value RepeatWalk(napi_env env, napi_callback_info) { return Number(env, RepeatWalkNs()); }

void Register(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  napi_set_named_property(env, exports, name, fn);
}

napi_value Init(napi_env env, napi_value exports) {
  static const double elf_walk_ns = TimedFirstLoad();
  napi_set_named_property(env, exports, "elfWalkNs", Number(env, elf_walk_ns));
  Register(env, exports, "elfWalkRepeatNs", RepeatWalk);
  Register(env, exports, "cLoopClockGettime", CLoop<ClockGettime>);
  Register(env, exports, "cLoopSysClockGettime", CLoop<SysClockGettime>);
  return exports;
}

}  // namespace
}  // namespace vdso

NAPI_MODULE(NODE_GYP_MODULE_NAME, vdso::Init)
