// Reading the live image for JS (not hot): dump() and lookup().
#include "image_access.h"

#include <unistd.h>
#include <link.h>

#include <string>

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

// A string's length in UTF-16 units, without converting it: a lower bound on its UTF-8 bytes.
size_t Utf16Length(Napi::Value s) {
  size_t len = 0;
  napi_get_value_string_utf16(s.Env(), s, nullptr, 0, &len);
  return len;
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
  // No name or version in any image is longer than the reader's cap, so a
  // longer one is not found, without copying what may be megabytes.
  if (Utf16Length(cb[0]) > kMaxNameBytes || (!cb[1].IsNull() && Utf16Length(cb[1]) > kMaxNameBytes)) return env.Null();
  std::string name = cb[0].As<Napi::String>();
  std::string version = cb[1].IsNull() ? std::string() : cb[1].As<Napi::String>().Utf8Value();
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

}  // namespace

void RegisterImageAccess(Napi::Env env, Napi::Object exports) {
  exports.Set("dump", Napi::Function::New(env, Dump, "dump"));
  exports.Set("lookup", Napi::Function::New(env, FindSymbol, "lookup"));
}

}  // namespace vdso
