// Descriptions of vDSO images for people and programs (not hot; node-addon-api):
// info() of the live image, inspect() of any image, each function's backend.
#include "image_description.h"

#include <string>
#include <vector>

#include "live_vdso.h"
#include "vdso_abi.h"

namespace vdso {
namespace {

const char* TypeName(uint8_t t) {
  switch (t) {
    case 0: return "NOTYPE";
    case 1: return "OBJECT";
    case 2: return "FUNC";
    case 3: return "SECTION";
    case 4: return "FILE";
    case 5: return "COMMON";
    case 6: return "TLS";
    case 10: return "GNU_IFUNC";
    default: return "UNKNOWN";
  }
}

const char* BindingName(uint8_t b) {
  switch (b) {
    case 0: return "LOCAL";
    case 1: return "GLOBAL";
    case 2: return "WEAK";
    case 10: return "UNIQUE";
    default: return "UNKNOWN";
  }
}

}  // namespace

// Exact as a number up to 2^53; beyond that (prelinked images) a hex string.
Napi::Value Address(Napi::Env env, uint64_t v) {
  if (v <= (uint64_t(1) << 53)) return Napi::Number::New(env, static_cast<double>(v));
  return Napi::String::New(env, Hex(v));
}

Napi::Error ImageError(Napi::Env env, const ElfError& err) {
  Napi::Error e = Napi::Error::New(env, "Invalid ELF image: " + err.Message());
  e.Set("code", "ERR_VDSO_INVALID_IMAGE");
  e.Set("check", err.check);
  e.Set("offset", Napi::Number::New(env, static_cast<double>(err.offset)));
  return e;
}

namespace {

// The description shared by info() (live, base != null) and inspect().
Napi::Object Describe(Napi::Env env, const ElfImage& image, const uint8_t* base) {
  ElfError err;
  std::vector<ElfSymbol> symbols;
  std::vector<std::string_view> versions;
  if (!image.Symbols(&symbols, &err) || !image.Versions(&versions, &err)) throw ImageError(env, err);

  Napi::Object o = Napi::Object::New(env);
  o.Set("elfClass", image.elf_class());
  o.Set("endianness", image.big_endian() ? "big" : "little");
  o.Set("machine", image.machine());
  o.Set("flags", Napi::Number::New(env, image.flags()));
  const Abi* abi = AbiFor(image.machine(), image.elf_class());
  o.Set("abi", abi ? Napi::Value(Napi::String::New(env, abi->name)) : env.Null());
  o.Set("soname", image.soname().empty() ? env.Null()
                                          : Napi::Value(Napi::String::New(env, std::string(image.soname()))));
  uint32_t lv = image.linux_version_code();
  if (lv) {
    o.Set("kernelVersion", std::to_string(lv >> 16) + "." + std::to_string((lv >> 8) & 0xff) + "." +
                               std::to_string(lv & 0xff));
  } else {
    o.Set("kernelVersion", env.Null());
  }
  o.Set("size", Napi::Number::New(env, static_cast<double>(image.size())));

  Napi::Array hashes = Napi::Array::New(env);
  if (image.hash_styles() & kHashSysv) hashes.Set(hashes.Length(), "sysv");
  if (image.hash_styles() & kHashGnu) hashes.Set(hashes.Length(), "gnu");
  o.Set("hashStyles", hashes);

  Napi::Array vs = Napi::Array::New(env, versions.size());
  for (size_t i = 0; i < versions.size(); i++) vs.Set(i, std::string(versions[i]));
  o.Set("versions", vs);

  Napi::Array syms = Napi::Array::New(env, symbols.size());
  for (size_t i = 0; i < symbols.size(); i++) {
    const ElfSymbol& s = symbols[i];
    Napi::Object so = Napi::Object::New(env);
    so.Set("name", std::string(s.name));
    so.Set("version", s.version.empty() ? env.Null() : Napi::Value(Napi::String::New(env, std::string(s.version))));
    so.Set("value", Address(env, s.value));
    so.Set("size", Address(env, s.size));
    so.Set("type", TypeName(s.type));
    so.Set("binding", BindingName(s.binding));
    so.Set("hidden", s.hidden);
    so.Set("index", s.index);
    uint64_t off;
    if (base && s.shndx != 0xfff1 /* SHN_ABS */ && image.ValueOffset(s.value, &off)) {
      so.Set("address", Hex(reinterpret_cast<uintptr_t>(base + off)));
    }
    syms.Set(i, so);
  }
  o.Set("symbols", syms);

  // What this image offers of its ABI's known entry points, found by hash lookup.
  Napi::Array fns = Napi::Array::New(env);
  if (abi) {
    for (int f = 0; f < kFunctionCount; f++) {
      if (!abi->symbols[f]) continue;
      ElfSymbol sym;
      Lookup r = image.Find(abi->symbols[f], abi->version, &sym, &err);
      if (r == Lookup::kError) throw ImageError(env, err);
      Napi::Object fo = Napi::Object::New(env);
      fo.Set("function", kFunctionNames[f]);
      fo.Set("symbol", abi->symbols[f]);
      fo.Set("version", abi->version);
      fo.Set("present", r == Lookup::kFound);
      fo.Set("value", r == Lookup::kFound ? Address(env, sym.value) : env.Null());
      fns.Set(fns.Length(), fo);
    }
  }
  o.Set("functions", fns);
  return o;
}

// Built when JS first reads `backend`, not at load: the
// strings cost more than the ELF walk itself and most processes never look.
Napi::Object BackendObject(Napi::Env env) {
  const LiveVdso& live = LoadLiveVdso();
  Napi::Object o = Napi::Object::New(env);
  for (int f = 0; f < kFunctionCount; f++) {
    const FunctionBackend& fb = live.functions[f];
    Napi::Object e = Napi::Object::New(env);
    e.Set("path", fb.vdso ? "vdso" : "syscall");
    e.Set("reason", BackendReason(live, f));
    e.Set("symbol", fb.symbol ? Napi::Value(Napi::String::New(env, fb.symbol)) : env.Null());
    e.Set("version", fb.version ? Napi::Value(Napi::String::New(env, fb.version)) : env.Null());
    e.Set("address", fb.address ? Napi::Value(Napi::String::New(env, Hex(fb.address))) : env.Null());
    o.Set(kFunctionNames[f], e);
  }
  return o;
}

Napi::Value Info(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  const LiveVdso& live = LoadLiveVdso();
  Napi::Object o = live.usable ? Describe(env, live.image, live.base) : Napi::Object::New(env);
  o.Set("present", live.base != nullptr);
  o.Set("base", live.base ? Napi::Value(Napi::String::New(env, Hex(reinterpret_cast<uintptr_t>(live.base))))
                          : env.Null());
  if (!live.problem.empty()) o.Set("problem", live.problem);
  o.Set("disabled", live.disabled);
  o.Set("hostAbi", live.abi ? Napi::Value(Napi::String::New(env, live.abi->name)) : env.Null());
  return o;  // index.ts adds `backend`
}

// inspect(bytes): the description of any image, from any architecture.
bool BytesArg(const Napi::CallbackInfo& cb, const uint8_t** data, size_t* size) {
  if (cb.Length() < 1 || !cb[0].IsTypedArray()) return false;
  Napi::TypedArray ta = cb[0].As<Napi::TypedArray>();
  if (ta.TypedArrayType() != napi_uint8_array) return false;
  Napi::Uint8Array u8 = cb[0].As<Napi::Uint8Array>();
  *data = u8.Data();
  *size = u8.ByteLength();
  return true;
}

Napi::Value Inspect(const Napi::CallbackInfo& cb) {
  Napi::Env env = cb.Env();
  const uint8_t* data;
  size_t size;
  if (!BytesArg(cb, &data, &size)) {
    Napi::TypeError e = Napi::TypeError::New(env, "The image must be a Buffer or Uint8Array");
    e.Set("code", "ERR_INVALID_ARG_TYPE");
    throw e;
  }
  ElfImage image;
  ElfError err;
  if (!image.Open(data, size, &err)) throw ImageError(env, err);
  return Describe(env, image, nullptr);
}

}  // namespace

void RegisterImageDescriptions(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("inspect", Napi::Function::New(env, Inspect, "inspect"));
  exports.Set("backend", Napi::Function::New(env, [](const Napi::CallbackInfo& cb) -> Napi::Value {
    return BackendObject(cb.Env());
  }, "backend"));
}

}  // namespace vdso
