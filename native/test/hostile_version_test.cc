// Version definitions and strings an attacker controls: chains that run on,
// indexes with no definition, names past DT_STRSZ or without an end, and
// shapes that would make a naive reader quadratic.
#include <algorithm>
#include <cstring>
#include <string>

#include "check.h"
#include "elf_image.h"
#include "elf_patch.h"
#include "exercise_image.h"
#include "live_vdso.h"
#include "synthetic_image.h"
#include "test_files.h"

namespace vdso {
namespace test {
namespace {

struct Outcome {
  bool opened = false;
  bool walked = false;
  ElfError err;
};

Outcome Walk(const Bytes& b) {
  Outcome o;
  ElfImage img;
  o.opened = img.Open(b.data(), b.size(), &o.err);
  if (!o.opened) return o;
  std::vector<ElfSymbol> syms;
  std::vector<std::string_view> vers;
  o.walked = img.Symbols(&syms, &o.err) && img.Versions(&vers, &o.err);
  Exercise ex = ExerciseImage(b.data(), b.size());
  CHECK(ex.violations.empty()) << ex.violations[0];
  return o;
}

// Version offsets are unsigned and only move forward, so a chain cannot
// revisit an entry; what it can do is run on, off the end or through junk.
TEST(VersionChainsThatRunOnAreCleanErrors) {
  int cases = 0;
  for (const Sample& s : Samples()) {
    ElfPatch base(s.bytes);
    std::vector<uint64_t> defs = base.Verdefs();
    if (defs.empty()) continue;
    const uint64_t last = defs.back(), size = s.bytes.size();
    // The last entry points on: into its own auxiliary entry, past the end, far away.
    for (uint64_t next : {uint64_t(8), size - last, uint64_t(0xfffffff0)}) {
      ElfPatch p = base;
      p.Set(last + 16, 4, next);
      Outcome o = Walk(p.bytes());
      cases++;
      CHECK(!o.opened && Contains(o.err.check, "version")) << s.label << " vd_next " << next << ": " << o.err.check;
    }
    ElfPatch p = base;
    p.Set(defs[1] + 12, 4, 0xfffffff0);  // vd_aux
    Outcome o = Walk(p.bytes());
    CHECK(!o.opened && Contains(o.err.check, "version auxiliary entry outside")) << s.label << ": " << o.err.check;
    p = base;
    p.Set(defs[1], 2, 2);  // vd_version
    o = Walk(p.bytes());
    CHECK(!o.opened && Contains(o.err.check, "vd_version")) << s.label << ": " << o.err.check;
    // A symbol whose version index has no definition.
    p = base;
    for (uint64_t i = 1; i < 4; i++) p.Set(p.Table(kDtVersym) + 2 * i, 2, 0x7ff0);
    o = Walk(p.bytes());
    CHECK(o.opened && !o.walked && Contains(o.err.check, "has no definition")) << s.label << ": " << o.err.check;
    cases += 3;
  }
  CHECK(cases > 60) << cases;

  // The longest chain accepted, and one entry more.
  for (int n : {4095, 4096}) {
    SynthSpec spec;
    for (int i = 0; i < n; i++) spec.versions.push_back({"V_" + std::to_string(i), uint16_t(i + 2)});
    spec.symbols.push_back({"__vdso_clock_gettime", uint16_t(n + 1)});
    SynthImage img = BuildSynthetic(spec);
    Outcome o = Walk(img.bytes);
    if (n == 4095) {  // with the BASE entry, 4096 in all
      CHECK(o.opened && o.walked) << o.err.Message();
      ElfImage image;
      ElfSymbol sym;
      image.Open(img.bytes.data(), img.bytes.size(), &o.err);
      CHECK(image.Find("__vdso_clock_gettime", "V_4094", &sym, &o.err) == Lookup::kFound);
      CHECK(image.Find("__vdso_clock_gettime", "V_4093", &sym, &o.err) == Lookup::kNotFound);
    } else {
      CHECK(!o.opened && Contains(o.err.check, "chain too long")) << o.err.check;
    }
  }
}

TEST(StringOffsetsPastStrszAreCleanErrors) {
  int cases = 0;
  for (const Sample& s : Samples()) {
    ElfPatch base(s.bytes);
    const uint64_t strsz = base.Value(kDtStrsz);
    for (uint64_t off : {strsz, strsz + 1, uint64_t(0xffffffff)}) {
      ElfPatch p = base;
      p.Set(p.Symbol(1), 4, off);  // st_name
      Outcome o = Walk(p.bytes());
      CHECK(o.opened && !o.walked && Contains(o.err.check, "symbol name is not a string"))
          << s.label << " st_name " << off << ": " << o.err.check;
      p = base;
      p.SetValue(kDtSoname, off);
      o = Walk(p.bytes());
      CHECK(!o.opened && Contains(o.err.check, "DT_SONAME")) << s.label << ": " << o.err.check;
      cases += 2;
      std::vector<uint64_t> defs = base.Verdefs();
      if (defs.size() < 2) continue;
      p = base;
      p.Set(defs[1] + p.Get(defs[1] + 12, 4), 4, off);  // vda_name
      o = Walk(p.bytes());
      CHECK(!o.opened && Contains(o.err.check, "version name")) << s.label << ": " << o.err.check;
      cases++;
    }
    // A string table too short for the names it holds: each is cut off
    // before its NUL.
    ElfPatch p = base;
    p.SetValue(kDtStrsz, 1);
    Outcome o = Walk(p.bytes());
    CHECK(!o.opened && Contains(o.err.check, "not a string")) << s.label << ": " << o.err.check;
    // The table ends just before the NUL of symbol 1's name.
    p = base;
    uint64_t name = p.Get(p.Symbol(1), 4);
    uint64_t len = std::strlen(reinterpret_cast<const char*>(p.bytes().data() + p.Table(kDtStrtab) + name));
    p.SetValue(kDtStrsz, name + len);
    o = Walk(p.bytes());
    CHECK(!o.walked) << s.label << ": a name without its NUL still read";
    cases += 2;
  }
  CHECK(cases > 90) << cases;
}

// Twenty thousand symbols with one name, all in one bucket, each at the last
// of four thousand versions: a reader walking the version chain per symbol
// (or rescanning a long name per symbol) would do ~10^8 steps per lookup.
TEST(HostileShapesStayCheap) {
  SynthSpec spec;
  spec.sysv = false;
  spec.nbuckets = 1;
  for (int i = 0; i < 4000; i++) spec.versions.push_back({"V_" + std::to_string(i), uint16_t(i + 2)});
  for (int i = 0; i < 20000; i++) spec.symbols.push_back({"x", uint16_t(4001), 0x12, 7, uint64_t(i)});
  SynthImage img = BuildSynthetic(spec);
  ElfImage image;
  ElfError err;
  ElfSymbol sym;
  CHECK(image.Open(img.bytes.data(), img.bytes.size(), &err)) << err.Message();
  for (int round = 0; round < 20; round++)
    CHECK(image.Find("x", "V_0", &sym, &err) == Lookup::kNotFound) << err.Message();
  CHECK(image.Find("x", "V_3999", &sym, &err) == Lookup::kFound);
  std::vector<ElfSymbol> syms;
  CHECK(image.Symbols(&syms, &err) && syms.size() == 20000) << err.Message();

  // One name of a megabyte, then every symbol's st_name pointed at it.
  SynthSpec longname;
  longname.sysv = false;
  longname.nbuckets = 1;
  longname.versions.push_back({"LINUX_2.6", 2});
  longname.symbols.push_back({std::string(1 << 20, 'n'), 2});
  for (int i = 0; i < 20000; i++) longname.symbols.push_back({"s" + std::to_string(i), 2});
  img = BuildSynthetic(longname);
  ElfPatch p(img.bytes);
  const uint64_t long_name = p.Get(p.Symbol(img.index_of[0]), 4);
  for (uint32_t i = 1; i <= 20001; i++) p.Set(p.Symbol(i), 4, long_name);
  CHECK(image.Open(p.bytes().data(), p.bytes().size(), &err)) << err.Message();
  CHECK(!image.Symbols(&syms, &err) && Contains(err.check, "symbol name")) << err.check;
  for (uint32_t i = 1; i <= 20001; i++) {
    ElfError e;
    CHECK(image.Find("s" + std::to_string(i), "LINUX_2.6", &sym, &e) != Lookup::kFound);
  }

  // Names up to the cap still read.
  SynthSpec capped;
  capped.symbols.push_back({std::string(4096, 'c'), 2});
  capped.versions.push_back({"LINUX_2.6", 2});
  img = BuildSynthetic(capped);
  CHECK(image.Open(img.bytes.data(), img.bytes.size(), &err)) << err.Message();
  CHECK(image.Find(std::string(4096, 'c'), "LINUX_2.6", &sym, &err) == Lookup::kFound) << err.Message();
}

}  // namespace
}  // namespace test
}  // namespace vdso

namespace vdso {
namespace test {
namespace {

// Two candidates of one name: the first's version index has no definition.
// The lookup skips it and finds the second, as glibc, parse_vdso.c and rustix do.
TEST(ACandidateWithADanglingVersionIndexIsSkipped) {
  for (bool dangling_first : {true, false}) {
    for (int tables = 0; tables < 2; tables++) {
      SynthSpec spec;
      spec.versions.push_back({"LINUX_2.6", 2});
      SynthSymbol dangling{"__vdso_clock_gettime", 0x7ff0};
      dangling.value = 0x1111;
      SynthSymbol good{"__vdso_clock_gettime", 2};
      good.value = 0x2222;
      spec.symbols = dangling_first ? std::vector<SynthSymbol>{dangling, good} : std::vector<SynthSymbol>{good, dangling};
      spec.symbols.push_back({"__vdso_time", 0x7ff1});
      spec.sysv = tables == 0;
      spec.gnu = tables == 1;
      spec.nbuckets = 1;  // one chain holds every symbol
      SynthImage img = BuildSynthetic(spec);
      ElfImage image;
      ElfError err;
      CHECK(image.Open(img.bytes.data(), img.bytes.size(), &err)) << err.Message();
      ElfSymbol sym;
      CHECK(image.Find("__vdso_clock_gettime", "LINUX_2.6", &sym, &err) == Lookup::kFound) << err.Message();
      CHECK_EQ(sym.value, 0x2222u);
      CHECK(sym.version == "LINUX_2.6");
      // Only dangling candidates: not found, and no error.
      CHECK(image.Find("__vdso_time", "LINUX_2.6", &sym, &err) == Lookup::kNotFound) << err.Message();
    }
  }
}

// glibc's rule for a lookup without a version: a hidden (non-default) version
// is not a match; the default one is.
TEST(ALookupWithoutAVersionSkipsHiddenSymbols) {
  for (int tables = 0; tables < 2; tables++) {
    SynthSpec spec;
    spec.versions = {{"LINUX_2.5", 2}, {"LINUX_2.6", 3}};
    SynthSymbol old{"__vdso_gettimeofday", uint16_t(0x8000 | 2)};
    old.value = 0x100;
    SynthSymbol current{"__vdso_gettimeofday", 3};
    current.value = 0x200;
    SynthSymbol only_hidden{"__vdso_getcpu", uint16_t(0x8000 | 3)};
    only_hidden.value = 0x300;
    spec.symbols = {old, current, only_hidden};
    spec.sysv = tables == 0;
    spec.gnu = tables == 1;
    spec.nbuckets = 1;
    SynthImage img = BuildSynthetic(spec);
    ElfImage image;
    ElfError err;
    CHECK(image.Open(img.bytes.data(), img.bytes.size(), &err)) << err.Message();
    ElfSymbol sym;
    CHECK(image.Find("__vdso_gettimeofday", "", &sym, &err) == Lookup::kFound);
    CHECK_EQ(sym.value, 0x200u);
    CHECK(image.Find("__vdso_getcpu", "", &sym, &err) == Lookup::kNotFound);
    // Asked by version, a hidden one is found.
    CHECK(image.Find("__vdso_getcpu", "LINUX_2.6", &sym, &err) == Lookup::kFound);
    CHECK(image.Find("__vdso_gettimeofday", "LINUX_2.5", &sym, &err) == Lookup::kFound);
    CHECK_EQ(sym.value, 0x100u);
  }
}

// The live resolve on an image of another machine or class: rejected whole,
// every function on the system call, nothing called.
TEST(TheResolveRejectsAnImageOfAnotherAbi) {
  SynthSpec spec;
  spec.versions.push_back({"LINUX_2.6", 2});
  spec.symbols.push_back({"__vdso_clock_gettime", 2});
  spec.symbols.push_back({"__kernel_clock_gettime", 2});
  SynthImage img = BuildSynthetic(spec);  // x86_64, ELF64
  img.bytes.resize(std::max<size_t>(img.bytes.size(), 4096));
  for (const char* name : {"aarch64", "i386", "x32"}) {
    const Abi* abi = nullptr;
    for (const Abi* a = kAbis; a->name; a++)
      if (std::strcmp(a->name, name) == 0) abi = a;
    CHECK(abi) << name;
    LiveVdso live;
    void* found[kFunctionCount] = {};
    ResolveVdso(img.bytes.data(), abi, false, &live, found);
    CHECK(!live.usable) << name;
    CHECK(Contains(live.problem, "not this process's")) << name << ": " << live.problem;
    for (int f = 0; f < kFunctionCount; f++) {
      CHECK(!found[f] && !live.functions[f].vdso) << name << " " << kFunctionNames[f];
      CHECK(Contains(BackendReason(live, f), "vDSO image rejected")) << BackendReason(live, f);
    }
  }
  // The control: for its own ABI the same image resolves.
  const Abi* x86_64 = AbiFor(62, 64);
  LiveVdso live;
  void* found[kFunctionCount] = {};
  ResolveVdso(img.bytes.data(), x86_64, false, &live, found);
  CHECK(live.usable) << live.problem;
  CHECK(found[kClockGettime] == img.bytes.data() + live.functions[kClockGettime].address - reinterpret_cast<uintptr_t>(img.bytes.data()));
  CHECK(live.functions[kClockGettime].vdso);
}

}  // namespace
}  // namespace test
}  // namespace vdso
