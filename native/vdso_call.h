// How a resolved vDSO function is called. Everywhere but powerpc64 it is a
// plain C call that returns 0 or -errno. On powerpc64 (ELFv2: ppc64le) the
// vDSO reports errors as glibc's INTERNAL_VSYSCALL does for ppc: CR0.SO set
// and a positive errno in r3, so it goes through vdso_ppc64_call
// (ppc64_vdso_call.S) and the result is turned into the C convention here.
// For getrandom this matters: a byte count and an errno look alike.
#pragma once

#include <cstdint>
#include <type_traits>

#if defined(__powerpc64__) && defined(_CALL_ELF) && _CALL_ELF == 2
#define VDSO_PPC64_CALL 1
extern "C" long vdso_ppc64_call(const void* fn, long a0, long a1, long a2, long a3, long a4, int* so);
#endif

namespace vdso {

// True where a ppc vDSO can be called (the error rule above is handled).
constexpr bool kPpcCallable =
#ifdef VDSO_PPC64_CALL
    true;
#else
    false;
#endif

#ifdef VDSO_PPC64_CALL
template <typename T>
inline long AsRegister(T v) {
  if constexpr (std::is_pointer_v<T>) return reinterpret_cast<long>(v);
  else return static_cast<long>(v);
}
#endif

// f(args...), with the result in the C convention: what f returns, or -errno.
template <typename R, typename... P, typename... A>
inline R CallVdso(R (*f)(P...), A... args) {
  static_assert(sizeof...(A) == sizeof...(P) && sizeof...(A) <= 5, "up to five arguments");
#ifdef VDSO_PPC64_CALL
  long a[5] = {AsRegister(static_cast<P>(args))...};
  int so = 0;
  long r = vdso_ppc64_call(reinterpret_cast<const void*>(f), a[0], a[1], a[2], a[3], a[4], &so);
  return static_cast<R>(so ? -r : r);
#else
  return f(args...);
#endif
}

}  // namespace vdso
