// What every part of the Node-API layer shares: the per-environment state
// (one per main thread and worker) and how functions are registered.
#pragma once

#include <node_api.h>

#include <atomic>
#include <cstdint>

namespace vdso {

// Environments whose EnvData is alive: a worker's must go when it exits.
extern std::atomic<int32_t> g_live_environments;

struct ClockCallSet;
void ReleaseClockCallSet(ClockCallSet* set);

// The addon's instance data, one per environment, deleted with it.
// napi_get_instance_data is the cheapest way for a hot function to find
// memory of its environment's (about 20 instructions fewer than the callback
// data through napi_get_cb_info, counted with callgrind).
struct EnvData {
  EnvData() { g_live_environments++; }
  ~EnvData() {
    if (clock_calls) ReleaseClockCallSet(clock_calls);
    g_live_environments--;
  }
  EnvData(const EnvData&) = delete;
  EnvData& operator=(const EnvData&) = delete;

  // The first set of clock calls made in this environment (clock_calls.cc),
  // whose functions find it here rather than through their callback data.
  ClockCallSet* clock_calls = nullptr;
};

inline EnvData* EnvDataOf(napi_env env) {
  void* d;
  napi_get_instance_data(env, &d);
  return static_cast<EnvData*>(d);
}

inline void RegisterFunction(napi_env env, napi_value exports, const char* name, napi_callback cb, void* data = nullptr) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, data, &fn);
  napi_set_named_property(env, exports, name, fn);
}

// An own, enumerable, read-only data property. Defining (unlike napi_set_named_property,
// an assignment) never runs a setter someone put on Object.prototype.
inline napi_property_descriptor OwnValue(const char* name, napi_value value) {
  return {name, nullptr, nullptr, nullptr, nullptr, value, napi_enumerable, nullptr};
}

}  // namespace vdso
