// The Node-API module: one EnvData per environment (the main thread and each
// worker), then each part's exports. The hot calls (clock_calls.cc) and the
// data page's reader use the plain C interface; descriptions and image
// access use node-addon-api.
#include <napi.h>

#include "addon_env.h"
#include "clock_calls.h"
#include "data_page_reader.h"
#include "getrandom_addon.h"
#include "image_access.h"
#include "image_description.h"
#include "live_vdso.h"
#include "time_status_addon.h"

namespace vdso {
namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // The hot calls read the vDSO's entry points from g_vdso without a check:
  // the walk that fills it runs here, once per process, before any call.
  LoadLiveVdso();
  env.SetInstanceData<EnvData>(new EnvData());  // deleted with the environment (a worker exiting)
  RegisterClockCalls(env, exports);
  RegisterDataPageReader(env, exports);
  RegisterGetrandom(env, exports);
  RegisterImageDescriptions(env, exports);
  RegisterImageAccess(env, exports);
  RegisterTimeStatus(env, exports);
  return exports;
}

}  // namespace
}  // namespace vdso

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return vdso::Init(env, exports); }
NODE_API_MODULE(vdso, InitModule)
