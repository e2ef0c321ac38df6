// getrandom() through the vDSO (Linux 6.11+): the parameter query, a pool of
// opaque states handed out one per thread, and the system call as the
// fallback. No Node headers.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace vdso {

// include/uapi/linux/random.h
constexpr unsigned kGrndNonblock = 0x0001;
constexpr unsigned kGrndRandom = 0x0002;
constexpr unsigned kGrndInsecure = 0x0004;

using VgetrandomFn = ssize_t (*)(void* buffer, size_t len, unsigned flags, void* opaque_state, size_t opaque_len);

// include/uapi/linux/random.h: what the `opaque_len == ~0UL` call fills in.
struct VgetrandomParams {
  uint32_t size_of_opaque_state;
  uint32_t mmap_prot;
  uint32_t mmap_flags;
  uint32_t reserved[13];
};

// Called once, at lookup, with the resolved __vdso_getrandom. Queries its
// parameters; on success later states come from the vDSO path. `why` says
// what was found either way (it becomes the backend reason).
bool EnableVgetrandom(void* fn, std::string* why);

// A state for the calling thread, or null when getrandom goes to the kernel
// (no vDSO getrandom, or the mapping failed). The caller must not let any
// other thread use it, and must give it back with ReleaseVgetrandomState.
void* AcquireVgetrandomState();
void ReleaseVgetrandomState(void* state);

// Fills all of [buf, buf + len), in as many calls as it takes. A null state
// means the system call. Returns 0 or a positive errno (the buffer may then be
// partly filled). len == 0 still makes one call, so flags are checked as the
// kernel would (GRND_NONBLOCK before the RNG is ready: EAGAIN).
int Getrandom(void* state, void* buf, size_t len, unsigned flags);
int SysGetrandom(void* buf, size_t len, unsigned flags);

struct VgetrandomStats {
  bool enabled = false;      // the vDSO path is usable
  VgetrandomParams params = {};
  size_t page_size = 0;
  size_t stride = 0;         // bytes between two states in a page
  size_t states_per_page = 0;
  size_t states_in_use = 0;  // handed out and not yet released
  size_t pages_mapped = 0;
};
VgetrandomStats GetVgetrandomStats();

}  // namespace vdso
