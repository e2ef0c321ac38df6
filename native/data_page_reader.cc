// The vDSO data page for JS, which reads the coarse clocks from it without a
// call (lib/coarse-clock.ts). The page is the kernel's, mapped read-only: a
// write to it kills the process, so no JS object that views it may ever reach
// code that could write it. JS has no read-only view, so the view is made
// here (no JS constructor sees it) and handed only to a reader compiled here
// from the source below, whose closures index it and nothing else: they never
// write it, pass it on, or touch a global or prototype that code could have
// replaced (no Math, no BigInt, no iteration). Whoever calls dataPageReader()
// gets a reader of their own; none of them can write the page or hand it out.
#include "data_page_reader.h"

#include <cstdint>
#include <string>

#include "addon_env.h"
#include "data_page.h"
#include "live_vdso.h"

namespace vdso {
namespace {

// A writer holds the counter odd for well under a microsecond; this many
// spins means something else is going on, and that call asks the vDSO.
constexpr uint32_t kMaxSpins = 1u << 20;

// The reader. Its arguments: the page's words; an 8-byte scratch as a
// BigInt64Array and as two Uint32 halves; the word indexes of the counter,
// the clock mode and the two coarse timestamps; which half of a u64 is the
// low one; the spin limit; the clock mode of a time namespace's page.
//
// read() follows the kernel's read protocol (lib/vdso/gettimeofday.c
// do_coarse): an even counter, the fields, the same counter again, each load
// ordered after the one before. Atomics.load would order them but is a
// builtin call (10 to 25 ns each, more than the whole read), so the order
// comes from address dependencies instead, which no compiler can reorder or
// fold and which arm64 hardware honours too (as the kernel's READ_ONCE relies
// on): the fields' indexes depend on the counter's value (seq << 31 is 0 for
// an even counter), the second counter's index on every field (nsec >>> 30
// is 0, nsec < 1e9). A view that reads undefined is never a reading.
//
// int64() is seconds * 1e9 + nsec as one int64 assembled from 32-bit halves
// with exact double arithmetic (every partial product below 2**53; x >>> 0 is
// floor for 0 <= x < 2**32): one bigint allocation, as the addon's own
// nanosecond slot costs.
constexpr const char kReaderSource[] = R"js('use strict';
(function makeDataPageReader(words, scratch, halves, seqAt, modeAt, rtAt, moAt, lo, maxSpins, timensMode) {
  'use strict';
  const hi = 1 - lo;
  const TWO_32 = 4294967296;
  const TWO_MINUS_16 = 1 / 65536;
  const TWO_MINUS_32 = 1 / 4294967296;
  const MISS = 0 / 0;
  let sHigh = 0;
  let sLow = 0;
  let nsec = 0;
  let timens = false;

  // One consistent read at the even counter `seq`, or false if the page
  // changed meanwhile.
  function read(at, seq) {
    const dep = seq << 31;
    const sLo = words[at + lo + dep];
    const sHi = words[at + hi + dep];
    const n = words[at + 2 + lo + dep];
    if (words[seqAt + ((n >>> 30) & (sLo | sHi | 1))] !== seq) return false;
    sHigh = sHi;
    sLow = sLo;
    nsec = n;
    return true;
  }

  // One try, the common case: kept apart from the retries, so that the JIT's
  // code for it stays what it was when a read first races the kernel's update.
  function load(id) {
    const at = id === 5 ? rtAt : id === 6 ? moAt : -1;
    if (at < 0) return false;
    const seq = words[seqAt];
    if (seq !== void 0 && (seq & 1) === 0 && read(at, seq)) return true;
    return retry(at);
  }

  function retry(at) {
    for (let spins = 0; spins < maxSpins; spins++) {
      const seq = words[seqAt];
      if (seq === void 0) return false;
      if ((seq & 1) === 0) {
        if (read(at, seq)) return true;
      } else if ((words[modeAt] | 0) === timensMode) {
        timens = true;
        return false;
      }
    }
    return false;
  }

  function int64() {
    const t1 = (sLow & 0xffff) * 1e9 + nsec;
    const t2 = (sLow >>> 16) * 1e9;
    const t2High = (t2 * TWO_MINUS_16) >>> 0;
    const u = t1 + (t2 - t2High * 65536) * 65536;
    const uHigh = (u * TWO_MINUS_32) >>> 0;
    halves[lo] = u - uHigh * TWO_32;
    halves[hi] = uHigh + t2High + sHigh * 1e9;
    return scratch[0];
  }

  return {
    load,
    seconds: () => sHigh * TWO_32 + sLow,
    nanoseconds: () => nsec,
    sequence: () => words[seqAt],
    timens: () => timens,
    ms: (id) => (load(id) ? (sHigh * TWO_32 + sLow) * 1e3 + nsec * 1e-6 : MISS),
    ns: (id) => (load(id) ? int64() : void 0),
    pair: (id) => (load(id) ? [sHigh * TWO_32 + sLow, nsec] : null),
    into(id, out) {
      if (!load(id)) return false;
      // Both into locals first: a store into out may run a caller's setter, which may read again.
      const sec = sHigh * TWO_32 + sLow;
      const n = nsec;
      out[0] = sec;
      out[1] = n;
      return true;
    },
  };
}))js";

napi_value Int(napi_env env, int64_t v) {
  napi_value r;
  napi_create_int64(env, v, &r);
  return r;
}

napi_value Str(napi_env env, const std::string& s) {
  napi_value r;
  napi_create_string_utf8(env, s.data(), s.size(), &r);
  return r;
}

// Clears what a refused Node-API call may have left pending.
void ClearPending(napi_env env) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
  }
}

// The reader over `page`, or null (with `why`) when this runtime cannot make one.
napi_value MakeReader(napi_env env, const DataPage& page, std::string* why) {
  napi_value null_value, buffer, words, scratch_buffer, scratch, halves, source, factory, reader;
  napi_get_null(env, &null_value);
  if (napi_create_external_arraybuffer(env, const_cast<uint8_t*>(page.page), page.bytes, nullptr, nullptr, &buffer) !=
      napi_ok) {
    ClearPending(env);
    *why = ", but this runtime allows no external ArrayBuffer over it";
    return null_value;
  }
  void* scratch_data;
  if (napi_create_typedarray(env, napi_uint32_array, page.bytes / 4, buffer, 0, &words) != napi_ok ||
      napi_create_arraybuffer(env, 8, &scratch_data, &scratch_buffer) != napi_ok ||
      napi_create_typedarray(env, napi_bigint64_array, 1, scratch_buffer, 0, &scratch) != napi_ok ||
      napi_create_typedarray(env, napi_uint32_array, 2, scratch_buffer, 0, &halves) != napi_ok ||
      napi_create_string_utf8(env, kReaderSource, sizeof kReaderSource - 1, &source) != napi_ok ||
      napi_run_script(env, source, &factory) != napi_ok) {
    ClearPending(env);
    *why = ", but this runtime could not build its reader";
    return null_value;
  }
  const DataPageLayout& l = *page.layout;
  const bool big_endian = LoadLiveVdso().image.big_endian();
  napi_value argv[] = {words,
                       scratch,
                       halves,
                       Int(env, l.seq / 4),
                       Int(env, l.clock_mode / 4),
                       Int(env, l.realtime_coarse / 4),
                       Int(env, l.monotonic_coarse / 4),
                       Int(env, big_endian ? 1 : 0),
                       Int(env, kMaxSpins),
                       Int(env, kClockModeTimens)};
  if (napi_call_function(env, null_value, factory, sizeof argv / sizeof argv[0], argv, &reader) != napi_ok) {
    ClearPending(env);
    *why = ", but this runtime could not build its reader";
    return null_value;
  }
  return reader;
}

// dataPageReader(setting): { reader, reason, kernelVersion, address }, where
// setting is VDSO_DATA_PAGE as JS read it at load (the environment JS sees:
// a Worker's own), and reader is null when the page is not usable.
napi_value MakeDataPageReader(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  std::string setting;
  bool has_setting = false;
  napi_valuetype type = napi_undefined;
  if (argc >= 1) napi_typeof(env, arg, &type);
  size_t len = 0;
  if (type == napi_string && napi_get_value_string_utf8(env, arg, nullptr, 0, &len) == napi_ok) {
    // Every setting this reads ("0", "linux-X.Y.Z") is short; a longer one is named, not parsed.
    char buf[40];
    if (len < sizeof buf) {
      napi_get_value_string_utf8(env, arg, buf, sizeof buf, &len);
      setting.assign(buf, len);
    } else {
      setting = "(" + std::to_string(len) + " bytes)";
    }
    has_setting = true;
  }
  DataPage page = FindDataPage(LoadLiveVdso(), has_setting ? setting.c_str() : nullptr);
  napi_value reader;
  napi_get_null(env, &reader);
  if (page.page) {
    std::string why;
    reader = MakeReader(env, page, &why);
    if (!why.empty()) {
      page.page = nullptr;
      page.reason += why;
    }
  }
  napi_value null_value;
  napi_get_null(env, &null_value);
  napi_property_descriptor props[] = {
      OwnValue("reader", reader),
      OwnValue("reason", Str(env, page.reason)),
      OwnValue("kernelVersion", page.kernel_version ? Int(env, page.kernel_version) : null_value),
      OwnValue("address", page.page ? Str(env, Hex(reinterpret_cast<uintptr_t>(page.page))) : null_value),
  };
  napi_value o;
  napi_create_object(env, &o);
  napi_define_properties(env, o, sizeof props / sizeof props[0], props);
  return o;
}

}  // namespace

void RegisterDataPageReader(napi_env env, napi_value exports) {
  RegisterFunction(env, exports, "dataPageReader", MakeDataPageReader);
}

}  // namespace vdso
