// The element sizes getrandom fills by: every kind Node-API has numbered so
// far, and nothing (0, a refusal) for a kind it may number later.
#include "check.h"
#include "view_kind.h"

namespace vdso {
namespace test {
namespace {

TEST(EveryKnownViewKindHasItsElementSize) {
  // Index = napi_typedarray_type; the sizes of Int8Array ... BigUint64Array, Float16Array.
  const size_t expected[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 2};
  for (int kind = 0; kind < 12; kind++) CHECK(TypedArrayElementSize(kind) == expected[kind]) << "kind " << kind;
}

TEST(AnUnknownViewKindIsRefused) {
  for (int kind : {12, 13, 64, 255, -1, 1 << 30}) CHECK(TypedArrayElementSize(kind) == 0) << "kind " << kind;
}

}  // namespace
}  // namespace test
}  // namespace vdso
