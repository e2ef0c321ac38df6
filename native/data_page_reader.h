// dataPageReader() for JS: the zero-call coarse clocks' reader of the vDSO data page.
#pragma once

#include <node_api.h>

namespace vdso {

void RegisterDataPageReader(napi_env env, napi_value exports);

}  // namespace vdso
