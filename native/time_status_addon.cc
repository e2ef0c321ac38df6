// timeStatus() and timeBound() for JS (lib/time-status.ts gives the numbers
// their meaning). Each is one system call, so node-addon-api's cost is
// nothing next to it; errors come back as a positive errno, which JS turns
// into a typed error, as the clock calls do.
#include "time_status_addon.h"

#include "addon_env.h"
#include "time_status.h"

namespace vdso {
namespace {

constexpr int32_t kStaUnsync = 0x0040;  // STA_UNSYNC
constexpr int32_t kTimeError = 5;       // TIME_ERROR

Napi::Number Num(Napi::Env env, int64_t v) { return Napi::Number::New(env, static_cast<double>(v)); }

// The whole reading in the kernel's units, one own data property per field.
Napi::Value TimeStatus(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  TimeStatusReading r;
  if (int e = ReadTimeStatus(&r)) return Napi::Number::New(env, e);
  Napi::Object o = Napi::Object::New(env);
  o.Set("state", Num(env, r.state));
  o.Set("status", Num(env, r.status));
  o.Set("offset", Num(env, r.offset));
  o.Set("freq", Num(env, r.freq));
  o.Set("maxerror", Num(env, r.maxerror));
  o.Set("esterror", Num(env, r.esterror));
  o.Set("constant", Num(env, r.constant));
  o.Set("precision", Num(env, r.precision));
  o.Set("tolerance", Num(env, r.tolerance));
  o.Set("timeSec", Num(env, r.time_sec));
  o.Set("timeFrac", Num(env, r.time_frac));
  o.Set("tick", Num(env, r.tick));
  o.Set("ppsfreq", Num(env, r.ppsfreq));
  o.Set("jitter", Num(env, r.jitter));
  o.Set("shift", Num(env, r.shift));
  o.Set("stabil", Num(env, r.stabil));
  o.Set("jitcnt", Num(env, r.jitcnt));
  o.Set("calcnt", Num(env, r.calcnt));
  o.Set("errcnt", Num(env, r.errcnt));
  o.Set("stbcnt", Num(env, r.stbcnt));
  o.Set("tai", Num(env, r.tai));
  return o;
}

// What boundedNow() needs, through the shared slots (nothing allocated):
// slots[0] maxerror in us, slots[1] 1 when synchronized (STA_UNSYNC clear
// and the state not TIME_ERROR), else 0. Returns undefined or an errno.
napi_value TimeBound(napi_env env, napi_callback_info) {
  TimeStatusReading r;
  if (int e = ReadTimeStatus(&r)) {
    napi_value v;
    napi_create_int32(env, e, &v);
    return v;
  }
  Shared* s = SharedOf(env);
  s->values[0] = static_cast<double>(r.maxerror);
  s->values[1] = (r.status & kStaUnsync) == 0 && r.state != kTimeError ? 1 : 0;
  return nullptr;
}

}  // namespace

void RegisterTimeStatus(Napi::Env env, Napi::Object exports) {
  exports.Set("timeStatus", Napi::Function::New(env, TimeStatus, "timeStatus"));
  RegisterFunction(env, exports, "timeBound", TimeBound);
  exports.Set("timeStatusSyscall", Napi::String::New(env, TimeStatusSyscall()));
}

}  // namespace vdso
