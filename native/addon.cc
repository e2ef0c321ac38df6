// The Node-API layer. The clock calls are registered through the plain C
// interface (no CallbackInfo wrapper, no allocation): they write into a
// Float64Array shared with JS, the way process.hrtime does. Everything that is
// not per-call (info, inspect) uses node-addon-api.
#include <link.h>
#include <napi.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "elf_image.h"
#include "getrandom_addon.h"
#include "live_vdso.h"
#include "vdso_abi.h"

namespace vdso {
namespace {

// Per environment (main thread and each worker): the shared result slots.
struct EnvData {
  double* slots = nullptr;  // [0] seconds, [1] nanoseconds (or usec, cpu/node)
  napi_ref buffer_ref = nullptr;
};

// Values are handed back as small integers (errno) or undefined; on success
// the result is in slots, so no heap number or array is created per call.
inline EnvData* ReadId(napi_env env, napi_callback_info info, int32_t* id) {
  size_t argc = 1;
  napi_value argv[1];
  void* data = nullptr;
  napi_get_cb_info(env, info, &argc, argv, nullptr, &data);
  if (argc < 1 || napi_get_value_int32(env, argv[0], id) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "The clock id must be an int32");
    return nullptr;
  }
  return static_cast<EnvData*>(data);
}

inline napi_value Errno(napi_env env, int e) {
  napi_value v;
  napi_create_int32(env, e, &v);
  return v;
}

template <int (*Call)(clockid_t, struct timespec*)>
napi_value FillTimespec(napi_env env, napi_callback_info info) {
  int32_t id;
  EnvData* d = ReadId(env, info, &id);
  if (!d) return nullptr;
  struct timespec ts;
  if (int e = Call(id, &ts)) return Errno(env, e);
  d->slots[0] = static_cast<double>(ts.tv_sec);
  d->slots[1] = static_cast<double>(ts.tv_nsec);
  return nullptr;
}

template <int (*Call)(clockid_t, struct timespec*)>
napi_value Nanoseconds(napi_env env, napi_callback_info info) {
  int32_t id;
  if (!ReadId(env, info, &id)) return nullptr;
  struct timespec ts;
  if (int e = Call(id, &ts)) return Errno(env, e);
  napi_value v;
  napi_create_bigint_int64(env, int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec, &v);
  return v;
}

inline EnvData* Data(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  void* data = nullptr;
  napi_get_cb_info(env, info, &argc, nullptr, nullptr, &data);
  return static_cast<EnvData*>(data);
}

template <int (*Call)(struct timeval*)>
napi_value FillTimeval(napi_env env, napi_callback_info info) {
  EnvData* d = Data(env, info);
  struct timeval tv;
  if (int e = Call(&tv)) return Errno(env, e);
  d->slots[0] = static_cast<double>(tv.tv_sec);
  d->slots[1] = static_cast<double>(tv.tv_usec);
  return nullptr;
}

template <int (*Call)(unsigned*, unsigned*)>
napi_value FillCpu(napi_env env, napi_callback_info info) {
  EnvData* d = Data(env, info);
  unsigned cpu = 0, node = 0;
  if (int e = Call(&cpu, &node)) return Errno(env, e);
  d->slots[0] = cpu;
  d->slots[1] = node;
  return nullptr;
}

// Seconds go into the slot too: a double return would allocate a heap number.
template <int (*Call)(time_t*)>
napi_value FillTime(napi_env env, napi_callback_info info) {
  EnvData* d = Data(env, info);
  time_t t = 0;
  if (int e = Call(&t)) return Errno(env, e);
  d->slots[0] = static_cast<double>(t);
  return nullptr;
}

int SysGettimeofdayNoTz(struct timeval* tv) { return SysGettimeofday(tv); }

// --- Descriptions (not hot) ---

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

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

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

Napi::Object BackendObject(Napi::Env env) {
  const LiveVdso& live = LoadLiveVdso();
  Napi::Object o = Napi::Object::New(env);
  for (int f = 0; f < kFunctionCount; f++) {
    const FunctionBackend& fb = live.functions[f];
    Napi::Object e = Napi::Object::New(env);
    e.Set("path", fb.vdso ? "vdso" : "syscall");
    e.Set("reason", fb.reason);
    e.Set("symbol", fb.symbol.empty() ? env.Null() : Napi::Value(Napi::String::New(env, fb.symbol)));
    e.Set("version", fb.version.empty() ? env.Null() : Napi::Value(Napi::String::New(env, fb.version)));
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
  o.Set("backend", BackendObject(env));
  return o;
}

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

Napi::Value Strerror(const Napi::CallbackInfo& cb) {
  int e = cb[0].As<Napi::Number>().Int32Value();
  return Napi::String::New(cb.Env(), std::strerror(e));
}

napi_value Empty(napi_env, napi_callback_info) { return nullptr; }

void Register(napi_env env, napi_value exports, const char* name, napi_callback cb, EnvData* d) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, d, &fn);
  napi_set_named_property(env, exports, name, fn);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  LoadLiveVdso();

  auto* d = new EnvData();
  napi_value ab, f64;
  void* mem;
  napi_create_arraybuffer(env, 2 * sizeof(double), &mem, &ab);
  napi_create_typedarray(env, napi_float64_array, 2, ab, 0, &f64);
  d->slots = static_cast<double*>(mem);
  napi_create_reference(env, f64, 1, &d->buffer_ref);
  env.SetInstanceData<EnvData>(d);  // deleted with the environment (a worker exiting)
  exports.Set("slots", Napi::Value(env, f64));

  napi_value e = exports;
  Register(env, e, "clockGettime", FillTimespec<ClockGettime>, d);
  Register(env, e, "clockGettimeNs", Nanoseconds<ClockGettime>, d);
  Register(env, e, "clockGetres", FillTimespec<ClockGetres>, d);
  Register(env, e, "gettimeofday", FillTimeval<Gettimeofday>, d);
  Register(env, e, "time", FillTime<Time>, d);
  Register(env, e, "getcpu", FillCpu<Getcpu>, d);
  Register(env, e, "sysClockGettime", FillTimespec<SysClockGettime>, d);
  Register(env, e, "sysClockGettimeNs", Nanoseconds<SysClockGettime>, d);
  Register(env, e, "sysClockGetres", FillTimespec<SysClockGetres>, d);
  Register(env, e, "sysGettimeofday", FillTimeval<SysGettimeofdayNoTz>, d);
  Register(env, e, "sysTime", FillTime<SysTime>, d);
  Register(env, e, "sysGetcpu", FillCpu<SysGetcpu>, d);
  Register(env, e, "empty", Empty, d);
  RegisterGetrandom(env, e);

  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("backend", BackendObject(env));
  exports.Set("dump", Napi::Function::New(env, Dump, "dump"));
  exports.Set("inspect", Napi::Function::New(env, Inspect, "inspect"));
  exports.Set("lookup", Napi::Function::New(env, FindSymbol, "lookup"));
  exports.Set("strerror", Napi::Function::New(env, Strerror, "strerror"));
  return exports;
}

}  // namespace
}  // namespace vdso

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return vdso::Init(env, exports); }
NODE_API_MODULE(vdso, InitModule)
