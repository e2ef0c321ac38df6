// timeStatus() for JS (lib/time-status.ts gives the numbers their meaning and
// builds the object); boundedNow()'s call is one of the clock calls (clock_calls.cc). Plain C Node-API, results through
// memory JS owns: setting 21 properties from C cost about 11 us a call, five
// times the system call itself. Errors come back as a positive errno, which
// JS turns into a typed error, as the clock calls do.
#include "time_status_addon.h"

#include "addon_env.h"
#include "time_status.h"

namespace vdso {
namespace {

// The reading's fields in the order lib/time-status.ts reads them.
enum Field {
  kState, kStatus, kOffset, kFreq, kMaxerror, kEsterror, kConstant, kPrecision, kTolerance, kTimeSec, kTimeFrac,
  kTick, kPpsfreq, kJitter, kShift, kStabil, kJitcnt, kCalcnt, kErrcnt, kStbcnt, kTai, kFieldCount
};
static_assert(kFieldCount == 21, "lib/time-status.ts reads 21 fields");

inline napi_value Int(napi_env env, int32_t v) {
  napi_value r;
  napi_create_int32(env, v, &r);
  return r;
}

// timeStatus(out): the reading into `out` (a Float64Array of 21, allocated by
// JS), in the kernel's units. Returns undefined, an errno, or -1 when `out`
// is not such an array (JS's own bug: it always passes one).
napi_value TimeStatus(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (argc < 1 || napi_get_typedarray_info(env, arg, &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array || length < kFieldCount)
    return Int(env, -1);
  TimeStatusReading r;
  if (int e = ReadTimeStatus(&r)) return Int(env, e);
  double* out = static_cast<double*>(data);
  out[kState] = r.state;
  out[kStatus] = r.status;
  out[kOffset] = static_cast<double>(r.offset);
  out[kFreq] = static_cast<double>(r.freq);
  out[kMaxerror] = static_cast<double>(r.maxerror);
  out[kEsterror] = static_cast<double>(r.esterror);
  out[kConstant] = static_cast<double>(r.constant);
  out[kPrecision] = static_cast<double>(r.precision);
  out[kTolerance] = static_cast<double>(r.tolerance);
  out[kTimeSec] = static_cast<double>(r.time_sec);
  out[kTimeFrac] = static_cast<double>(r.time_frac);
  out[kTick] = static_cast<double>(r.tick);
  out[kPpsfreq] = static_cast<double>(r.ppsfreq);
  out[kJitter] = static_cast<double>(r.jitter);
  out[kShift] = r.shift;
  out[kStabil] = static_cast<double>(r.stabil);
  out[kJitcnt] = static_cast<double>(r.jitcnt);
  out[kCalcnt] = static_cast<double>(r.calcnt);
  out[kErrcnt] = static_cast<double>(r.errcnt);
  out[kStbcnt] = static_cast<double>(r.stbcnt);
  out[kTai] = r.tai;
  return nullptr;
}

}  // namespace

void RegisterTimeStatus(napi_env env, napi_value exports) {
  RegisterFunction(env, exports, "timeStatus", TimeStatus);
  napi_value name;
  napi_create_string_utf8(env, TimeStatusSyscall(), NAPI_AUTO_LENGTH, &name);
  napi_set_named_property(env, exports, "timeStatusSyscall", name);
}

}  // namespace vdso
