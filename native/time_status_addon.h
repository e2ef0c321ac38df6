// The Node-API side of the kernel's clock discipline (time_status.h).
#pragma once

#include <node_api.h>

namespace vdso {

// Adds timeStatus and timeStatusSyscall to `exports`.
void RegisterTimeStatus(napi_env env, napi_value exports);

}  // namespace vdso
