// Bytes per element of each Node-API typed-array kind, with no Node headers,
// so the rule that fails closed can be unit tested. The numbers are Node-API's
// napi_typedarray_type values, a stable ABI.
#pragma once

#include <cstddef>

namespace vdso {

// 0 for a kind this code does not know: a kind added by a later Node must be
// refused, never filled as if its elements were bytes (Float16Array, 11 since
// Node 24, was once filled only half).
constexpr size_t TypedArrayElementSize(int node_api_type) {
  switch (node_api_type) {
    case 0:   // napi_int8_array
    case 1:   // napi_uint8_array
    case 2:   // napi_uint8_clamped_array
      return 1;
    case 3:   // napi_int16_array
    case 4:   // napi_uint16_array
    case 11:  // napi_float16_array (NODE_API_HAS_FLOAT16_ARRAY)
      return 2;
    case 5:   // napi_int32_array
    case 6:   // napi_uint32_array
    case 7:   // napi_float32_array
      return 4;
    case 8:   // napi_float64_array
    case 9:   // napi_bigint64_array
    case 10:  // napi_biguint64_array
      return 8;
    default:
      return 0;
  }
}

}  // namespace vdso
