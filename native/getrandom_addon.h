// The Node-API side of getrandom: one vDSO state per environment.
#pragma once

#include <node_api.h>

namespace vdso {

// Adds getrandom, sysGetrandom and getrandomState to `exports`.
void RegisterGetrandom(napi_env env, napi_value exports);

}  // namespace vdso
