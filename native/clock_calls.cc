// The hot calls: plain C Node-API callbacks (no CallbackInfo wrapper, no
// allocation) that take their clock id from, and write their results into,
// the memory shared with JS (addon_env.h), the way process.hrtime does.
#include "clock_calls.h"

#include "addon_env.h"
#include "live_vdso.h"

namespace vdso {

std::atomic<int32_t> g_live_environments{0};

namespace {

// Success returns undefined (nullptr) with the result in Shared; failure a
// positive errno, a Smi: nothing is allocated either way.
inline napi_value Errno(napi_env env, int e) {
  napi_value v;
  napi_create_int32(env, e, &v);
  return v;
}

inline int64_t ToNanoseconds(const struct timespec& ts) { return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec; }

// The three ways a clock_gettime result goes back to JS.
inline void StoreTimespec(Shared* s, const struct timespec& ts) {
  s->values[0] = static_cast<double>(ts.tv_sec);
  s->values[1] = static_cast<double>(ts.tv_nsec);
}

inline void StoreNanoseconds(Shared* s, const struct timespec& ts) { s->nanoseconds = ToNanoseconds(ts); }

// Multiplied by 1e-6, not divided by 1e6: a division's latency lands on every
// call (the next vDSO read is ordered after it), measured at about 2.5 ns;
// the product is within an ulp of the quotient.
inline void StoreMilliseconds(Shared* s, const struct timespec& ts) {
  s->values[0] = static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

template <int (*Call)(clockid_t, struct timespec*), void (*Store)(Shared*, const struct timespec&)>
napi_value ClockCall(napi_env env, napi_callback_info) {
  Shared* s = SharedOf(env);
  struct timespec ts;
  if (int e = Call(s->clock_id, &ts)) return Errno(env, e);
  Store(s, ts);
  return nullptr;
}

// performance.now(): milliseconds of CLOCK_MONOTONIC since the origin JS set
// (performance's own), subtracted as integers before the one rounding.
napi_value NowMilliseconds(napi_env env, napi_callback_info) {
  EnvData* d = EnvDataOf(env);
  struct timespec ts;
  if (int e = ClockGettime(CLOCK_MONOTONIC, &ts)) return Errno(env, e);
  d->shared->values[0] = static_cast<double>(ToNanoseconds(ts) - d->now_origin_ns) * 1e-6;
  return nullptr;
}

template <int (*Call)(struct timeval*)>
napi_value FillTimeval(napi_env env, napi_callback_info) {
  Shared* s = SharedOf(env);
  struct timeval tv;
  if (int e = Call(&tv)) return Errno(env, e);
  s->values[0] = static_cast<double>(tv.tv_sec);
  s->values[1] = static_cast<double>(tv.tv_usec);
  return nullptr;
}

template <int (*Call)(unsigned*, unsigned*)>
napi_value FillCpu(napi_env env, napi_callback_info) {
  Shared* s = SharedOf(env);
  unsigned cpu = 0, node = 0;
  if (int e = Call(&cpu, &node)) return Errno(env, e);
  s->values[0] = cpu;
  s->values[1] = node;
  return nullptr;
}

// setNowOrigin(): now()'s zero becomes the CLOCK_MONOTONIC nanoseconds JS
// wrote into the nanosecond slot (an int64: uptime in ns passes 2**53 after 104 days).
napi_value SetNowOrigin(napi_env env, napi_callback_info) {
  EnvData* d = EnvDataOf(env);
  d->now_origin_ns = d->shared->nanoseconds;
  return nullptr;
}

// Seconds go into the slot too: a double return would allocate a heap number.
template <int (*Call)(time_t*)>
napi_value FillTime(napi_env env, napi_callback_info) {
  Shared* s = SharedOf(env);
  time_t t = 0;
  if (int e = Call(&t)) return Errno(env, e);
  s->values[0] = static_cast<double>(t);
  return nullptr;
}

// The floor of any call into the addon (what `vdso clocks` subtracts).
napi_value Empty(napi_env, napi_callback_info) { return nullptr; }

// For the leak tests: how many environments (main thread, workers) hold addon data now.
napi_value LiveEnvironments(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_int32(env, g_live_environments.load(), &v);
  return v;
}

void ExportView(napi_env env, napi_value exports, const char* name, napi_typedarray_type type, size_t length,
                napi_value buffer, size_t offset) {
  napi_value view;
  napi_create_typedarray(env, type, length, buffer, offset, &view);
  napi_set_named_property(env, exports, name, view);
}

}  // namespace

void RegisterClockCalls(napi_env env, napi_value exports, EnvData* d) {
  napi_value buffer;
  void* mem;
  napi_create_arraybuffer(env, sizeof(Shared), &mem, &buffer);
  d->shared = static_cast<Shared*>(mem);
  napi_create_reference(env, buffer, 1, &d->buffer_ref);
  struct timespec origin;
  if (ClockGettime(CLOCK_MONOTONIC, &origin) == 0) d->now_origin_ns = ToNanoseconds(origin);

  napi_value e = exports;
  ExportView(env, e, "slots", napi_float64_array, 2, buffer, kValuesOffset);
  ExportView(env, e, "nanosecondsSlot", napi_bigint64_array, 1, buffer, kNanosecondsOffset);
  ExportView(env, e, "clockIdSlot", napi_int32_array, 1, buffer, kClockIdOffset);

  RegisterFunction(env, e, "clockGettime", ClockCall<ClockGettime, StoreTimespec>);
  RegisterFunction(env, e, "clockGettimeNs", ClockCall<ClockGettime, StoreNanoseconds>);
  RegisterFunction(env, e, "clockGettimeMs", ClockCall<ClockGettime, StoreMilliseconds>);
  RegisterFunction(env, e, "now", NowMilliseconds);
  RegisterFunction(env, e, "setNowOrigin", SetNowOrigin);
  RegisterFunction(env, e, "clockGetres", ClockCall<ClockGetres, StoreTimespec>);
  RegisterFunction(env, e, "gettimeofday", FillTimeval<Gettimeofday>);
  RegisterFunction(env, e, "time", FillTime<Time>);
  RegisterFunction(env, e, "getcpu", FillCpu<Getcpu>);
  RegisterFunction(env, e, "sysClockGettime", ClockCall<SysClockGettime, StoreTimespec>);
  RegisterFunction(env, e, "sysClockGettimeNs", ClockCall<SysClockGettime, StoreNanoseconds>);
  RegisterFunction(env, e, "sysClockGettimeMs", ClockCall<SysClockGettime, StoreMilliseconds>);
  RegisterFunction(env, e, "sysClockGetres", ClockCall<SysClockGetres, StoreTimespec>);
  RegisterFunction(env, e, "sysGettimeofday", FillTimeval<SysGettimeofday>);
  RegisterFunction(env, e, "sysTime", FillTime<SysTime>);
  RegisterFunction(env, e, "sysGetcpu", FillCpu<SysGetcpu>);
  RegisterFunction(env, e, "empty", Empty);
  RegisterFunction(env, e, "liveEnvironments", LiveEnvironments);
}

}  // namespace vdso
