#include "vgetrandom.h"

#include "vdso_call.h"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

namespace vdso {
namespace {

// Two threads' states on one cache line would make every call of one thread
// invalidate the other's line.
constexpr size_t kCacheLine = 64;

constexpr unsigned kVdsoFlags = kGrndNonblock | kGrndRandom | kGrndInsecure;

// Set once by EnableVgetrandom (inside the lookup's call_once), read-only afterwards.
VgetrandomFn g_fn = nullptr;
size_t g_opaque_len = 0;

// States live in pages mapped with the vDSO's protection and flags
// (MAP_DROPPABLE: the kernel may zero them under memory pressure, and wipes
// them on fork; the vDSO reseeds a zeroed state). A page is unmapped as soon
// as its last state is released.
struct StatePool {
  std::mutex mu;
  VgetrandomParams params = {};
  size_t page_size = 0;
  size_t stride = 0;
  size_t per_page = 0;
  struct Page {
    uint8_t* base;
    size_t used;
  };
  std::vector<Page> pages;
  std::vector<uint8_t*> free_states;
  size_t in_use = 0;

  Page* PageOf(const uint8_t* state) {
    for (Page& p : pages)
      if (state >= p.base && state < p.base + page_size) return &p;
    return nullptr;
  }

  bool MapPage() {
    void* m = mmap(nullptr, page_size, static_cast<int>(params.mmap_prot), static_cast<int>(params.mmap_flags), -1, 0);
    if (m == MAP_FAILED) return false;
    uint8_t* base = static_cast<uint8_t*>(m);
    pages.push_back({base, 0});
    // Lowest address handed out first; every state ends inside the page.
    for (size_t i = per_page; i-- > 0;) free_states.push_back(base + i * stride);
    return true;
  }
};

StatePool g_pool;

std::string Num(size_t v) { return std::to_string(v); }

}  // namespace

bool EnableVgetrandom(void* fn, std::string* why) {
  auto f = reinterpret_cast<VgetrandomFn>(fn);
  VgetrandomParams params = {};
  ssize_t r = CallVdso(f, nullptr, size_t(0), 0u, &params, ~size_t(0));
  if (r != 0) {
    *why = "the parameter query (opaque_len ~0UL) returned " + std::to_string(r);
    return false;
  }
  long page = sysconf(_SC_PAGESIZE);
  size_t size = params.size_of_opaque_state;
  if (page <= 0 || size == 0 || size > static_cast<size_t>(page)) {
    *why = "the vDSO asks for an opaque state of " + Num(size) + " bytes, which does not fit in a page";
    return false;
  }
  StatePool& pool = g_pool;
  pool.params = params;
  pool.page_size = static_cast<size_t>(page);
  size_t padded = (size + kCacheLine - 1) / kCacheLine * kCacheLine;
  pool.stride = padded <= pool.page_size ? padded : size;
  pool.per_page = (pool.page_size - size) / pool.stride + 1;
  g_opaque_len = size;
  g_fn = f;
  *why = Num(size) + "-byte opaque state per thread, " + Num(pool.per_page) + " per page";
  return true;
}

void* AcquireVgetrandomState() {
  if (!g_fn) return nullptr;
  StatePool& pool = g_pool;
  std::lock_guard<std::mutex> lock(pool.mu);
  if (pool.free_states.empty() && !pool.MapPage()) return nullptr;
  uint8_t* state = pool.free_states.back();
  pool.free_states.pop_back();
  pool.PageOf(state)->used++;
  pool.in_use++;
  return state;
}

void ReleaseVgetrandomState(void* s) {
  if (!s) return;
  auto* state = static_cast<uint8_t*>(s);
  StatePool& pool = g_pool;
  std::lock_guard<std::mutex> lock(pool.mu);
  StatePool::Page* page = pool.PageOf(state);
  if (!page) return;
  // Key material must not outlive its thread; a zeroed state is reseeded by its next owner.
  explicit_bzero(state, pool.params.size_of_opaque_state);
  pool.in_use--;
  if (--page->used > 0) {
    pool.free_states.push_back(state);
    return;
  }
  uint8_t* base = page->base;
  auto& fs = pool.free_states;
  fs.erase(std::remove_if(fs.begin(), fs.end(), [&](uint8_t* p) { return p >= base && p < base + pool.page_size; }),
           fs.end());
  pool.pages.erase(pool.pages.begin() + (page - pool.pages.data()));
  munmap(base, pool.page_size);
}

int SysGetrandom(void* buf, size_t len, unsigned flags) {
  auto* p = static_cast<uint8_t*>(buf);
  do {
    long r = syscall(SYS_getrandom, p, len, flags);
    if (r < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (r == 0 && len) return EIO;  // no progress: never loop forever
    p += r;
    len -= static_cast<size_t>(r);
  } while (len);
  return 0;
}

int Getrandom(void* state, void* buf, size_t len, unsigned flags) {
  // The vDSO does not reject GRND_INSECURE | GRND_RANDOM the way the system
  // call does (EINVAL), and unknown flags go to the kernel anyway.
  if (!state || (flags & ~kVdsoFlags) || (flags & (kGrndInsecure | kGrndRandom)) == (kGrndInsecure | kGrndRandom))
    return SysGetrandom(buf, len, flags);
  auto* p = static_cast<uint8_t*>(buf);
  do {
    // At most MAX_RW_COUNT per call; its own fallback returns -errno.
    ssize_t r = CallVdso(g_fn, p, len, flags, state, g_opaque_len);
    if (r < 0) {
      if (r == -EINTR) continue;
      return static_cast<int>(-r);
    }
    if (r == 0 && len) return SysGetrandom(p, len, flags);
    p += r;
    len -= static_cast<size_t>(r);
  } while (len);
  return 0;
}

VgetrandomStats GetVgetrandomStats() {
  VgetrandomStats s;
  StatePool& pool = g_pool;
  std::lock_guard<std::mutex> lock(pool.mu);
  s.enabled = g_fn != nullptr;
  s.params = pool.params;
  s.page_size = pool.page_size;
  s.stride = pool.stride;
  s.states_per_page = pool.per_page;
  s.states_in_use = pool.in_use;
  s.pages_mapped = pool.pages.size();
  return s;
}

}  // namespace vdso
