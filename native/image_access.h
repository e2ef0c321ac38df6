// dump() and lookup() for JS.
#pragma once

#include <napi.h>

namespace vdso {

void RegisterImageAccess(Napi::Env env, Napi::Object exports);

}  // namespace vdso
