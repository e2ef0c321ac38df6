// Reading the live image and the pages beside it for JS (not hot):
// dump(), lookup(), and the vDSO data page for the zero-call coarse clocks.
#include "image_access.h"

#include <unistd.h>
#include <link.h>

#include <cstdlib>
#include <string>

#include "addon_env.h"
#include "data_page.h"
#include "image_description.h"
#include "live_vdso.h"

namespace vdso {
namespace {

// The kernel maps the whole image file in whole pages, section headers
// included, though no PT_LOAD covers them. Copying them too makes a dump that
// readelf -V and objdump read like the original file.
uint64_t DumpSize(const LiveVdso& live) {
  const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  const uint64_t mapped = (live.size + page - 1) / page * page;
  const auto* eh = reinterpret_cast<const ElfW(Ehdr)*>(live.base);
  const uint64_t end = eh->e_shoff + uint64_t(eh->e_shnum) * eh->e_shentsize;
  return eh->e_shoff && end > live.size && end <= mapped ? end : live.size;
}

// Copies the live image out, for dumps and for comparing with readelf.
Napi::Value Dump(const Napi::CallbackInfo& cb) {
  const LiveVdso& live = LoadLiveVdso();
  if (!live.base || live.size == 0) return cb.Env().Null();
  return Napi::Buffer<uint8_t>::Copy(cb.Env(), live.base, DumpSize(live));
}

// lookup(name, version[, bytes]): symbol value through the hash tables, or
// null. Without bytes it searches the live image and returns the address.
Napi::Value FindSymbol(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  if (cb.Length() < 2 || !cb[0].IsString() || !(cb[1].IsString() || cb[1].IsNull())) {
    Napi::TypeError e = Napi::TypeError::New(env, "lookup(name: string, version: string | null, image?: Uint8Array)");
    e.Set("code", "ERR_INVALID_ARG_TYPE");
    throw e;
  }
  std::string name = cb[0].As<Napi::String>();
  std::string version = cb[1].IsNull() ? std::string() : cb[1].As<Napi::String>().Utf8Value();
  ElfImage image;
  ElfError err;
  const uint8_t* base = nullptr;
  if (cb.Length() >= 3 && !cb[2].IsUndefined()) {
    Napi::Value v = cb[2];
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      Napi::TypeError e = Napi::TypeError::New(env, "The image must be a Buffer or Uint8Array");
      e.Set("code", "ERR_INVALID_ARG_TYPE");
      throw e;
    }
    Napi::Uint8Array u8 = v.As<Napi::Uint8Array>();
    if (!image.Open(u8.Data(), u8.ByteLength(), &err)) throw ImageError(env, err);
  } else {
    const LiveVdso& live = LoadLiveVdso();
    if (!live.usable) return env.Null();
    image = live.image;
    base = live.base;
  }
  ElfSymbol sym;
  Lookup r = image.Find(name, version, &sym, &err);
  if (r == Lookup::kError) throw ImageError(env, err);
  if (r == Lookup::kNotFound) return env.Null();
  uint64_t off;
  if (base) {
    if (!image.ValueOffset(sym.value, &off)) return env.Null();
    return Napi::String::New(env, Hex(reinterpret_cast<uintptr_t>(base + off)));
  }
  return Address(env, sym.value);
}

// takeDataPage(): the vDSO data page for the zero-call coarse clocks, once
// per environment, to the package's loader: a write to the page kills the
// process, so the buffer must never be where a user can reach it. Later
// calls, and any process where the page is not usable, get { buffer: null, reason }.
Napi::Value TakeDataPage(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  EnvData* d = EnvDataOf(env);
  Napi::Object o = Napi::Object::New(env);
  DataPage page = FindDataPage(LoadLiveVdso(), std::getenv("VDSO_DATA_PAGE"));
  if (d->data_page_taken) {
    page.page = nullptr;
    page.reason = "the data page was already taken in this environment";
  }
  d->data_page_taken = true;
  napi_value buffer = nullptr;
  if (page.page &&
      napi_create_external_arraybuffer(env, const_cast<uint8_t*>(page.page), page.bytes, nullptr, nullptr, &buffer) !=
          napi_ok) {
    buffer = nullptr;
    page.reason += ", but this runtime allows no external ArrayBuffer over it";
    // The failed call may leave an exception pending (napi_no_external_buffers_allowed).
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
      napi_value ignored;
      napi_get_and_clear_last_exception(env, &ignored);
    }
  }
  o.Set("buffer", buffer ? Napi::Value(env, buffer) : env.Null());
  o.Set("reason", page.reason);
  o.Set("kernelVersion", page.kernel_version ? Napi::Value(Napi::Number::New(env, page.kernel_version)) : env.Null());
  if (buffer) {
    const DataPageLayout& l = *page.layout;
    o.Set("address", Hex(reinterpret_cast<uintptr_t>(page.page)));
    o.Set("seq", l.seq);
    o.Set("clockMode", l.clock_mode);
    o.Set("realtimeCoarse", l.realtime_coarse);
    o.Set("monotonicCoarse", l.monotonic_coarse);
    o.Set("bigEndian", LoadLiveVdso().image.big_endian());
  }
  return o;
}

}  // namespace

void RegisterImageAccess(Napi::Env env, Napi::Object exports) {
  exports.Set("dump", Napi::Function::New(env, Dump, "dump"));
  exports.Set("lookup", Napi::Function::New(env, FindSymbol, "lookup"));
  exports.Set("takeDataPage", Napi::Function::New(env, TakeDataPage, "takeDataPage"));
}

}  // namespace vdso
