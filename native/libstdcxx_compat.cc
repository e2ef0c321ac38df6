// GCC 11 and later instantiate std::allocator<T>::allocate with a call to
// std::__throw_bad_array_new_length, which libstdc++ exports only from
// GLIBCXX_3.4.29 (GCC 11). Defined here, hidden, the prebuilt addon binds to
// this copy and keeps loading with the GCC 8 libstdc++ of the oldest systems
// Node 20 supports (test/package-prebuilds.test.js checks the limit).
// Other C++ runtimes (libc++ in the musl builds) have nothing to patch.
#include <new>

#ifdef __GLIBCXX__
namespace std {
__attribute__((visibility("hidden"), noreturn)) void __throw_bad_array_new_length() {
  throw bad_array_new_length();
}
}  // namespace std
#endif  // __GLIBCXX__
