// The smallest Node-API addon: the yardstick for what loading any addon costs.
#include <node_api.h>

NAPI_MODULE_INIT() { return exports; }
