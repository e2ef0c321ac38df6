// What every part of the Node-API layer shares: the per-environment state
// (one per main thread and worker) and the memory the hot calls share with JS.
#pragma once

#include <node_api.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace vdso {

// The memory shared with JS, one per environment (main thread and each
// worker), viewed there as a Float64Array, a BigInt64Array and an Int32Array.
// Arguments come in and results go out through it: reading a JS argument
// through Node-API (napi_get_cb_info + napi_get_value_int32) costs about 3 ns
// more than a typed-array store on the JS side, and a bigint or heap number
// created in C goes through the runtime, where optimized JS reading a slot
// allocates inline (a bigint) or not at all (a number).
// Every call of the environment writes the same slots, so a JS caller must
// read them into locals right after its call, before running any code that
// could call again (a user's getter): see clock-api.ts.
struct Shared {
  double values[2];     // [0] seconds (or sec/cpu), [1] nanoseconds (or usec/node)
  int64_t nanoseconds;  // clock_gettime as one integer, read as a bigint
  int32_t clock_id;     // the argument, written (already validated) by JS
  int32_t reserved;
};
constexpr size_t kValuesOffset = offsetof(Shared, values);
constexpr size_t kNanosecondsOffset = offsetof(Shared, nanoseconds);
constexpr size_t kClockIdOffset = offsetof(Shared, clock_id);

// The addon's instance data: napi_get_instance_data is the cheapest way for a
// hot function to find its environment's Shared (cheaper than the callback
// data through napi_get_cb_info). Anything else per environment goes here too.
// Environments whose EnvData is alive: a worker's must go when it exits.
extern std::atomic<int32_t> g_live_environments;

struct EnvData {
  EnvData() { g_live_environments++; }
  ~EnvData() { g_live_environments--; }
  EnvData(const EnvData&) = delete;
  EnvData& operator=(const EnvData&) = delete;

  Shared* shared = nullptr;
  napi_ref buffer_ref = nullptr;
  int64_t now_origin_ns = 0;  // CLOCK_MONOTONIC of now()'s zero: performance.timeOrigin's, set by JS
  bool data_page_taken = false;
};

inline EnvData* EnvDataOf(napi_env env) {
  void* d;
  napi_get_instance_data(env, &d);
  return static_cast<EnvData*>(d);
}

inline Shared* SharedOf(napi_env env) { return EnvDataOf(env)->shared; }

inline void RegisterFunction(napi_env env, napi_value exports, const char* name, napi_callback cb, void* data = nullptr) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, data, &fn);
  napi_set_named_property(env, exports, name, fn);
}

}  // namespace vdso
