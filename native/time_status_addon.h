// The Node-API side of the kernel's clock discipline (time_status.h).
#pragma once

#include <napi.h>

namespace vdso {

// Adds timeStatus, timeBound and timeStatusSyscall to `exports`.
void RegisterTimeStatus(Napi::Env env, Napi::Object exports);

}  // namespace vdso
