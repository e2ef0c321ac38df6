// The hot clock calls and the memory they share with JS.
#pragma once

#include <node_api.h>

#include "addon_env.h"

namespace vdso {

// Allocates this environment's shared memory into `d` and adds its views
// (slots, nanosecondsSlot, clockIdSlot) and the clock calls to `exports`.
void RegisterClockCalls(napi_env env, napi_value exports, EnvData* d);

}  // namespace vdso
