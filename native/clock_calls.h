// The hot clock calls and the memory they share with JS.
#pragma once

#include <node_api.h>

namespace vdso {

// Adds clockCalls() to `exports`: each call makes a new, unshared set of the
// clock calls with the native memory they share with JS (see clock_calls.cc).
void RegisterClockCalls(napi_env env, napi_value exports);

}  // namespace vdso
