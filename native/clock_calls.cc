// The hot calls: plain C Node-API callbacks (no CallbackInfo wrapper, no
// allocation) that take their clock id from, and write their results into,
// memory shared with JS, the way process.hrtime does.
//
// The memory is native: each clockCalls() makes a set of its own, a block of
// native memory that an external ArrayBuffer views and that the set's
// functions write. No caller shares another's set, so code that reaches one
// (the addon's exports are one require() away) can detach, transfer or write
// only its own; and a detached or transferred buffer never frees the memory
// its functions still write: the block goes when the buffer and the last of
// its functions are collected.
#include "clock_calls.h"

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "addon_env.h"
#include "live_vdso.h"
#include "time_status.h"

namespace vdso {

std::atomic<int32_t> g_live_environments{0};

namespace {

// Arguments come in and results go out through this memory, viewed in JS as
// a Float64Array, a BigInt64Array and an Int32Array: reading a JS argument
// through Node-API (napi_get_cb_info + napi_get_value_int32) costs about 3 ns
// more than a typed-array store on the JS side, and a bigint or heap number
// created in C goes through the runtime, where optimized JS reading a slot
// allocates inline (a bigint) or not at all (a number). Every call of a set
// writes the same slots, so its JS caller reads them into locals right after
// the call, before running any code that could call again (see clock-api.ts).
struct Shared {
  double values[2];        // [0] seconds (or sec/cpu), [1] nanoseconds (or usec/node)
  int64_t nanoseconds[2];  // [0] clock_gettime as one integer, read as a bigint; [1] timeBound's error
  int32_t clock_id;        // the argument, written (already validated) by JS
  int32_t reserved;
};

}  // namespace

struct ClockCallSet {
  Shared shared{};
  int64_t now_origin_ns = 0;        // CLOCK_MONOTONIC of now()'s zero: performance.timeOrigin's, set by JS
  std::atomic<int32_t> holders{0};  // the buffer; the environment (its first set) or each function (any later one)
};

void ReleaseClockCallSet(ClockCallSet* set) {
  if (set->holders.fetch_sub(1, std::memory_order_acq_rel) == 1) delete set;
}

namespace {

void Release(napi_env, void* data, void*) { ReleaseClockCallSet(static_cast<ClockCallSet*>(data)); }

// How a function finds its set: the environment's first set through the
// instance data (the cheaper lookup: the package's own set, made at its load,
// is normally the first), any later one through the callback data.
template <bool kEnvSet>
inline ClockCallSet* SetOf(napi_env env, napi_callback_info info) {
  if (kEnvSet) return EnvDataOf(env)->clock_calls;
  void* data;
  napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
  return static_cast<ClockCallSet*>(data);
}

template <bool kEnvSet>
inline Shared* SharedOf(napi_env env, napi_callback_info info) { return &SetOf<kEnvSet>(env, info)->shared; }

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

inline void StoreNanoseconds(Shared* s, const struct timespec& ts) { s->nanoseconds[0] = ToNanoseconds(ts); }

// Multiplied by 1e-6, not divided by 1e6: a division's latency lands on every
// call (the next vDSO read is ordered after it), measured at about 2.5 ns;
// the product is within an ulp of the quotient.
inline void StoreMilliseconds(Shared* s, const struct timespec& ts) {
  s->values[0] = static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

template <bool kEnvSet, int (*Call)(clockid_t, struct timespec*), void (*Store)(Shared*, const struct timespec&)>
napi_value ClockCall(napi_env env, napi_callback_info info) {
  Shared* s = SharedOf<kEnvSet>(env, info);
  struct timespec ts;
  if (int e = Call(s->clock_id, &ts)) return Errno(env, e);
  Store(s, ts);
  return nullptr;
}

// performance.now(): milliseconds of CLOCK_MONOTONIC since the origin JS set
// (performance's own), subtracted as integers before the one rounding.
template <bool kEnvSet>
napi_value NowMilliseconds(napi_env env, napi_callback_info info) {
  ClockCallSet* set = SetOf<kEnvSet>(env, info);
  struct timespec ts;
  if (int e = ClockGettime(CLOCK_MONOTONIC, &ts)) return Errno(env, e);
  set->shared.values[0] = static_cast<double>(ToNanoseconds(ts) - set->now_origin_ns) * 1e-6;
  return nullptr;
}

// setNowOrigin(): now()'s zero becomes the CLOCK_MONOTONIC nanoseconds in the
// nanosecond slot minus the performance.now() milliseconds in slots[0], both
// read by JS at one instant. The arithmetic is here, in integers: in JS it
// would take Math and BigInt, globals that any code may have replaced.
template <bool kEnvSet>
napi_value SetNowOrigin(napi_env env, napi_callback_info info) {
  ClockCallSet* set = SetOf<kEnvSet>(env, info);
  const double ms = set->shared.values[0];
  // performance.now() is finite and between zero and the uptime; anything else keeps the zero as it was.
  if (!(ms >= 0 && ms <= 1e15)) return Errno(env, EINVAL);
  set->now_origin_ns = set->shared.nanoseconds[0] - static_cast<int64_t>(std::llround(ms * 1e6));
  return nullptr;
}

template <bool kEnvSet, int (*Call)(struct timeval*)>
napi_value FillTimeval(napi_env env, napi_callback_info info) {
  Shared* s = SharedOf<kEnvSet>(env, info);
  struct timeval tv;
  if (int e = Call(&tv)) return Errno(env, e);
  s->values[0] = static_cast<double>(tv.tv_sec);
  s->values[1] = static_cast<double>(tv.tv_usec);
  return nullptr;
}

template <bool kEnvSet, int (*Call)(unsigned*, unsigned*)>
napi_value FillCpu(napi_env env, napi_callback_info info) {
  Shared* s = SharedOf<kEnvSet>(env, info);
  unsigned cpu = 0, node = 0;
  if (int e = Call(&cpu, &node)) return Errno(env, e);
  s->values[0] = cpu;
  s->values[1] = node;
  return nullptr;
}

// Seconds go into the slot too: a double return would allocate a heap number.
template <bool kEnvSet, int (*Call)(time_t*)>
napi_value FillTime(napi_env env, napi_callback_info info) {
  Shared* s = SharedOf<kEnvSet>(env, info);
  time_t t = 0;
  if (int e = Call(&t)) return Errno(env, e);
  s->values[0] = static_cast<double>(t);
  return nullptr;
}

// boundedNow(): CLOCK_REALTIME (through the vDSO) into nanoseconds[0], then
// the kernel's maxerror in ns into nanoseconds[1] and 1 (synchronized: no
// STA_UNSYNC, and the state is not TIME_ERROR) or 0 into values[0]. Both
// integers, so JS needs no BigInt to make the bound. The clock first: a
// second boundary between the two can only widen the bound (the kernel grows
// maxerror as each second passes).
template <bool kEnvSet>
napi_value TimeBound(napi_env env, napi_callback_info info) {
  constexpr int32_t kStaUnsync = 0x0040, kTimeError = 5;
  Shared* s = SharedOf<kEnvSet>(env, info);
  struct timespec ts;
  if (int e = ClockGettime(CLOCK_REALTIME, &ts)) return Errno(env, e);
  TimeStatusReading r;
  if (int e = ReadTimeStatus(&r)) return Errno(env, e);
  s->nanoseconds[0] = ToNanoseconds(ts);
  s->nanoseconds[1] = r.maxerror * 1000;
  s->values[0] = (r.status & kStaUnsync) == 0 && r.state != kTimeError ? 1 : 0;
  return nullptr;
}

// The floor of any call into the addon (what `vdso clocks` subtracts).
napi_value Empty(napi_env, napi_callback_info) { return nullptr; }

struct Call {
  const char* name;
  napi_callback cb;
};

template <bool E>
constexpr Call kCalls[] = {
    {"clockGettime", ClockCall<E, ClockGettime, StoreTimespec>},
    {"clockGettimeNs", ClockCall<E, ClockGettime, StoreNanoseconds>},
    {"clockGettimeMs", ClockCall<E, ClockGettime, StoreMilliseconds>},
    {"now", NowMilliseconds<E>},
    {"setNowOrigin", SetNowOrigin<E>},
    {"clockGetres", ClockCall<E, ClockGetres, StoreTimespec>},
    {"gettimeofday", FillTimeval<E, Gettimeofday>},
    {"time", FillTime<E, Time>},
    {"getcpu", FillCpu<E, Getcpu>},
    {"sysClockGettime", ClockCall<E, SysClockGettime, StoreTimespec>},
    {"sysClockGettimeNs", ClockCall<E, SysClockGettime, StoreNanoseconds>},
    {"sysClockGettimeMs", ClockCall<E, SysClockGettime, StoreMilliseconds>},
    {"sysClockGetres", ClockCall<E, SysClockGetres, StoreTimespec>},
    {"sysGettimeofday", FillTimeval<E, SysGettimeofday>},
    {"sysTime", FillTime<E, SysTime>},
    {"sysGetcpu", FillCpu<E, SysGetcpu>},
    {"timeBound", TimeBound<E>},
};
constexpr size_t kCallCount = sizeof(kCalls<true>) / sizeof(kCalls<true>[0]);

napi_value ThrowUnavailable(napi_env env, const char* message) {
  // A refused call may leave its own exception pending (napi_no_external_buffers_allowed).
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
  }
  napi_throw_error(env, "ERR_VDSO_UNAVAILABLE", message);
  return nullptr;
}

// clockCalls(): { slots, nanosecondsSlot, clockIdSlot, clockGettime, ... },
// every property an own one, over a new set.
napi_value MakeClockCalls(napi_env env, napi_callback_info) {
  auto* set = new ClockCallSet();
  set->holders.store(1);  // the buffer's
  napi_value buffer;
  if (napi_create_external_arraybuffer(env, &set->shared, sizeof(Shared), Release, set, &buffer) != napi_ok) {
    delete set;  // no buffer, so no finalizer will run
    return ThrowUnavailable(env, "this runtime allows no external ArrayBuffer over the addon's memory");
  }
  struct timespec origin;
  if (ClockGettime(CLOCK_MONOTONIC, &origin) == 0) set->now_origin_ns = ToNanoseconds(origin);

  napi_property_descriptor props[3 + kCallCount];
  size_t n = 0;
  auto view = [&](const char* name, napi_typedarray_type type, size_t length, size_t offset) {
    napi_value v;
    napi_create_typedarray(env, type, length, buffer, offset, &v);
    props[n++] = OwnValue(name, v);
  };
  view("slots", napi_float64_array, 2, offsetof(Shared, values));
  view("nanosecondsSlot", napi_bigint64_array, 2, offsetof(Shared, nanoseconds));
  view("clockIdSlot", napi_int32_array, 1, offsetof(Shared, clock_id));
  EnvData* d = EnvDataOf(env);
  const bool env_set = d->clock_calls == nullptr;
  if (env_set) {
    d->clock_calls = set;
    set->holders.fetch_add(1);
  }
  const Call* calls = env_set ? kCalls<true> : kCalls<false>;
  for (size_t i = 0; i < kCallCount; i++) {
    const Call& c = calls[i];
    napi_value fn;
    if (napi_create_function(env, c.name, NAPI_AUTO_LENGTH, c.cb, set, &fn) != napi_ok) return nullptr;
    // The first set's functions find it through the environment, which holds
    // it as long as any of them can be called; a later set's, through their
    // data, so each of them holds it.
    if (!env_set) {
      set->holders.fetch_add(1);
      if (napi_add_finalizer(env, fn, set, Release, nullptr, nullptr) != napi_ok) {
        set->holders.fetch_sub(1);
        return nullptr;
      }
    }
    props[n++] = OwnValue(c.name, fn);
  }
  napi_value o;
  napi_create_object(env, &o);
  napi_define_properties(env, o, n, props);
  return o;
}

// For the leak tests: how many environments (main thread, workers) hold addon data now.
napi_value LiveEnvironments(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_int32(env, g_live_environments.load(), &v);
  return v;
}

}  // namespace

void RegisterClockCalls(napi_env env, napi_value exports) {
  RegisterFunction(env, exports, "clockCalls", MakeClockCalls);
  RegisterFunction(env, exports, "liveEnvironments", LiveEnvironments);
  // The floor of any call into the addon, for anyone who measures (`vdso clocks`, the benchmark).
  RegisterFunction(env, exports, "empty", Empty);
}

}  // namespace vdso
