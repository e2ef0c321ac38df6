// getrandom for JS. The fill calls use the plain C interface (no wrapper, no
// allocation: the view itself is returned). Each environment (the main thread,
// every worker) owns one vDSO state, taken on its first call and given back by
// the environment's cleanup hook: an environment runs on exactly one thread at
// a time and a fill never calls back into JS, so no state is ever shared or
// used re-entrantly.
#include "getrandom_addon.h"

#include <napi.h>

#include <cmath>

#include "addon_env.h"
#include "elf_image.h"
#include "vgetrandom.h"
#include "view_kind.h"

namespace vdso {
namespace {

struct ThreadRandom {
  void* state = nullptr;
  bool acquired = false;  // tried once: a failed mapping means the system call for good
};

void ReleaseThreadRandom(void* arg) {
  auto* t = static_cast<ThreadRandom*>(arg);
  ReleaseVgetrandomState(t->state);
  delete t;
}

// Rejections before any call, as negative results (errno values are positive):
// the JS layer turns them into typed errors with the argument described.
constexpr int32_t kNotAView = -1;
constexpr int32_t kBadFlags = -2;
constexpr int32_t kUnknownViewKind = -3;

// view_kind.h spells Node-API's numbers out; the headers of this build agree.
static_assert(napi_int8_array == 0 && napi_uint16_array == 4 && napi_biguint64_array == 10, "napi_typedarray_type");
#ifdef NODE_API_HAS_FLOAT16_ARRAY
static_assert(napi_float16_array == 11, "napi_typedarray_type");
#endif

// Any ArrayBufferView: a Buffer or other TypedArray, or a DataView. The data
// pointer already includes the view's byte offset. Returns 0 or a rejection.
inline int32_t ViewBytes(napi_env env, napi_value v, void** data, size_t* bytes) {
  napi_typedarray_type type;
  size_t length;
  if (napi_get_typedarray_info(env, v, &type, &length, data, nullptr, nullptr) == napi_ok) {
    const size_t element = TypedArrayElementSize(type);
    if (element == 0) return kUnknownViewKind;
    *bytes = length * element;
    return 0;
  }
  return napi_get_dataview_info(env, v, bytes, data, nullptr, nullptr) == napi_ok ? 0 : kNotAView;
}

inline napi_value Int(napi_env env, int32_t v) {
  napi_value r;
  napi_create_int32(env, v, &r);
  return r;
}

// fill(view, flags): the view on success, else an errno or a rejection code.
template <bool kThroughVdso>
napi_value Fill(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  void* data;
  napi_get_cb_info(env, info, &argc, argv, nullptr, &data);
  void* p;
  size_t len;
  if (argc < 1) return Int(env, kNotAView);
  if (int32_t rejected = ViewBytes(env, argv[0], &p, &len)) return Int(env, rejected);
  double f;
  if (argc < 2 || napi_get_value_double(env, argv[1], &f) != napi_ok || !(f >= 0 && f <= 4294967295.0) ||
      f != std::floor(f))
    return Int(env, kBadFlags);
  auto flags = static_cast<unsigned>(f);
  int e;
  if (kThroughVdso) {
    auto* t = static_cast<ThreadRandom*>(data);
    if (!t->acquired) {
      t->state = AcquireVgetrandomState();
      t->acquired = true;
    }
    e = Getrandom(t->state, p, len, flags);
  } else {
    e = SysGetrandom(p, len, flags);
  }
  return e ? Int(env, e) : argv[0];
}

// What this thread holds and what the process-wide pool looks like.
Napi::Value State(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  auto* t = static_cast<ThreadRandom*>(cb.Data());
  VgetrandomStats s = GetVgetrandomStats();
  Napi::Object o = Napi::Object::New(env);
  o.Set("enabled", s.enabled);
  o.Set("state", t->state ? Napi::Value(Napi::String::New(env, Hex(reinterpret_cast<uintptr_t>(t->state))))
                          : env.Null());
  o.Set("path", t->state ? "vdso" : (t->acquired || !s.enabled ? "syscall" : "unused"));
  o.Set("stateSize", Napi::Number::New(env, s.params.size_of_opaque_state));
  o.Set("mmapProt", Napi::Number::New(env, s.params.mmap_prot));
  o.Set("mmapFlags", Napi::Number::New(env, s.params.mmap_flags));
  o.Set("pageSize", Napi::Number::New(env, static_cast<double>(s.page_size)));
  o.Set("stride", Napi::Number::New(env, static_cast<double>(s.stride)));
  o.Set("statesPerPage", Napi::Number::New(env, static_cast<double>(s.states_per_page)));
  o.Set("statesInUse", Napi::Number::New(env, static_cast<double>(s.states_in_use)));
  o.Set("pagesMapped", Napi::Number::New(env, static_cast<double>(s.pages_mapped)));
  return o;
}

}  // namespace

void RegisterGetrandom(napi_env env, napi_value exports) {
  auto* t = new ThreadRandom();
  napi_add_env_cleanup_hook(env, ReleaseThreadRandom, t);
  RegisterFunction(env, exports, "getrandom", Fill<true>, t);
  RegisterFunction(env, exports, "sysGetrandom", Fill<false>, t);
  Napi::Object(env, exports).Set("getrandomState", Napi::Function::New(env, State, "getrandomState", t));
}

}  // namespace vdso
