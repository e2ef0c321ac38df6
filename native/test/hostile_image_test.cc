// Malformed images made from good ones: each must give a clean error (an
// ElfError naming its check), never a read outside the bytes (ASan), never
// undefined behaviour (UBSan), and always finish.
#include <string>

#include "check.h"
#include "elf_image.h"
#include "elf_patch.h"
#include "exercise_image.h"
#include "synthetic_image.h"
#include "test_files.h"
#include "vdso_abi.h"

namespace vdso {
namespace test {
namespace {

// The clock_gettime entry of the image's ABI, which every sample exports.
std::pair<std::string, std::string> ClockGettimeOf(const Bytes& b) {
  ElfImage img;
  ElfError err;
  if (!img.Open(b.data(), b.size(), &err)) return {};
  const vdso::Abi* abi = vdso::AbiFor(img.machine(), img.elf_class());
  return abi ? std::make_pair(std::string(abi->symbols[vdso::kClockGettime]), std::string(abi->version))
             : std::make_pair(std::string(), std::string());
}

Lookup FindIn(const Bytes& b, const std::string& name, const std::string& version, ElfError* err) {
  ElfImage img;
  if (!img.Open(b.data(), b.size(), err)) return Lookup::kError;
  ElfSymbol sym;
  return img.Find(name, version, &sym, err);
}

// Opens, then walks every symbol: the error of whichever step failed.
bool OpenAndWalk(const Bytes& b, ElfError* err, bool* opened = nullptr) {
  ElfImage img;
  bool ok = img.Open(b.data(), b.size(), err);
  if (opened) *opened = ok;
  if (!ok) return false;
  std::vector<ElfSymbol> syms;
  std::vector<std::string_view> vers;
  return img.Symbols(&syms, err) && img.Versions(&vers, err);
}

// A copy of `s` answering through one hash table only; false if it lacks it.
bool OnlyTable(const Sample& s, uint64_t keep, ElfPatch* out) {
  *out = ElfPatch(s.bytes);
  if (!out->Has(keep)) return false;
  uint64_t other = keep == kDtHash ? kDtGnuHash : kDtHash;
  if (out->Has(other)) out->Rename(other, kDtUnknown);
  return true;
}

// Entries in the dynamic symbol table of a good image (one past the last index).
uint32_t TableSize(const Bytes& b) {
  ElfImage img;
  ElfError err;
  std::vector<ElfSymbol> syms;
  if (!img.Open(b.data(), b.size(), &err) || !img.Symbols(&syms, &err) || syms.empty()) return 0;
  return syms.back().index + 1;
}

void ExpectClean(const std::string& what, const Bytes& b) {
  Exercise ex = ExerciseImage(b.data(), b.size());
  CHECK(ex.violations.empty()) << what << ": " << (ex.violations.empty() ? "" : ex.violations[0]);
}

TEST(EveryTruncationIsACleanError) {
  size_t runs = 0, opened = 0;
  for (const Sample& s : Samples()) {
    ElfPatch p(s.bytes);
    int dyn = p.FindPhdr(2);
    // Without its program headers or dynamic section no image can open.
    uint64_t need = std::max(p.Phdr(p.phnum()), p.Get(p.p_offset(dyn), p.word()) + p.Get(p.p_filesz(dyn), p.word()));
    for (size_t len = 0; len < s.bytes.size(); len++) {
      // An exact-size heap copy, so ASan sees the first byte past the end.
      Bytes cut(s.bytes.begin(), s.bytes.begin() + len);
      Exercise ex = ExerciseImage(cut.data(), cut.size());
      runs++;
      opened += ex.opened;
      CHECK(ex.violations.empty()) << s.label << " cut to " << len << ": " << ex.violations[0];
      if (len < need) CHECK(!ex.opened) << s.label << " opened when cut to " << len << " < " << need;
    }
  }
  std::printf("  %zu truncations, %zu still opened (cut after the tables)\n", runs, opened);
  CHECK(runs > 30000);
}

TEST(EveryByteFlipIsHandled) {
  struct Flip {
    uint8_t x, set;
    bool use_set;
  };
  const Flip flips[] = {{0xff, 0, false}, {0x01, 0, false}, {0x80, 0, false}, {0, 0, true}};
  size_t runs = 0, rejected = 0, lookup_errors = 0;
  for (const Sample& s : Samples()) {
    Bytes b = s.bytes;
    for (size_t off = 0; off < b.size(); off++) {
      const uint8_t orig = b[off];
      for (const Flip& f : flips) {
        b[off] = f.use_set ? f.set : uint8_t(orig ^ f.x);
        if (b[off] == orig) continue;
        Exercise ex = ExerciseImage(b.data(), b.size());
        runs++;
        rejected += !ex.opened;
        lookup_errors += ex.lookup_errors;
        CHECK(ex.violations.empty()) << s.label << " byte " << off << " = " << int(b[off]) << ": " << ex.violations[0];
      }
      b[off] = orig;
    }
  }
  std::printf("  %zu mutated images, %zu rejected by Open, %zu lookups ended in an error\n", runs, rejected,
              lookup_errors);
  CHECK(rejected > 1000 && lookup_errors > 100) << "the mutations should break many images";
}

TEST(TablePointersOutsideTheSpanAreRejected) {
  const struct {
    uint64_t tag;
    const char* name;
  } tables[] = {{kDtStrtab, "DT_STRTAB"}, {kDtSymtab, "DT_SYMTAB"}, {kDtHash, "DT_HASH"},
                {kDtGnuHash, "DT_GNU_HASH"}, {kDtVersym, "DT_VERSYM"}, {kDtVerdef, "DT_VERDEF"}};
  int cases = 0;
  for (const Sample& s : Samples()) {
    ElfPatch base(s.bytes);
    const uint64_t size = s.bytes.size();
    const uint64_t mask = base.is64() ? ~uint64_t(0) : 0xffffffffu;
    const uint64_t bad[] = {base.AddressOf(size), base.AddressOf(size - 1), base.AddressOf(size) + 0x100000,
                            mask, base.AddressOf(0) - 1, uint64_t(1) << (base.is64() ? 63 : 31)};
    for (const auto& t : tables) {
      if (!base.Has(t.tag)) continue;
      for (uint64_t v : bad) {
        ElfPatch p = base;
        p.SetValue(t.tag, v & mask);
        ElfImage img;
        ElfError err;
        cases++;
        CHECK(!img.Open(p.bytes().data(), size, &err)) << s.label << " " << t.name << " = " << (v & mask);
        CHECK(Contains(err.check, t.name)) << s.label << " " << t.name << ": " << err.check;
        CHECK(Contains(err.Message(), err.check + " (at offset 0x")) << err.Message();
        ExpectClean(s.label + " " + t.name, p.bytes());
      }
    }
    // DT_STRSZ reaching past the end.
    ElfPatch p = base;
    p.SetValue(kDtStrsz, size);
    ElfError err;
    CHECK(!OpenAndWalk(p.bytes(), &err) && Contains(err.check, "DT_STRSZ")) << s.label << ": " << err.check;
    // The program header table, PT_DYNAMIC and the load bias.
    p = base;
    p.Set(p.phoff_field(), p.word(), size - 8);
    CHECK(!OpenAndWalk(p.bytes(), &err) && Contains(err.check, "program header")) << s.label << ": " << err.check;
    p = base;
    p.Set(p.phnum_field(), 2, 0xffff);
    CHECK(!OpenAndWalk(p.bytes(), &err) && Contains(err.check, "program header")) << s.label << ": " << err.check;
    p = base;
    p.Set(p.p_offset(p.FindPhdr(2)), p.word(), size);
    CHECK(!OpenAndWalk(p.bytes(), &err) && Contains(err.check, "PT_DYNAMIC")) << s.label << ": " << err.check;
    p = base;
    p.Set(p.p_filesz(p.FindPhdr(2)), p.word(), mask);
    CHECK(!OpenAndWalk(p.bytes(), &err) && Contains(err.check, "PT_DYNAMIC")) << s.label << ": " << err.check;
    p = base;
    p.Set(p.p_vaddr(p.FindPhdr(1)), p.word(), 0x40000000);  // every d_ptr now lands before the image
    CHECK(!OpenAndWalk(p.bytes(), &err) && Contains(err.check, "outside the image")) << s.label << ": " << err.check;
  }
  CHECK(cases > 300) << cases;
}

TEST(TablesRunningPastTheEndAreCleanErrors) {
  for (const Sample& s : Samples()) {
    const uint64_t size = s.bytes.size();
    auto [name, version] = ClockGettimeOf(s.bytes);
    ElfPatch base(s.bytes);
    ElfError err;

    // Room for one symbol (the null one) and no more.
    ElfPatch p = base;
    p.SetValue(kDtSymtab, p.AddressOf(size - p.syment()));
    bool opened = false;
    CHECK(!OpenAndWalk(p.bytes(), &err, &opened) && opened && Contains(err.check, "symbol table entry outside"))
        << s.label << ": " << err.check;
    CHECK(FindIn(p.bytes(), name, version, &err) == Lookup::kError) << s.label;

    if (base.Has(kDtVersym)) {
      p = base;
      p.SetValue(kDtVersym, p.AddressOf(size - 2));
      CHECK(!OpenAndWalk(p.bytes(), &err, &opened) && opened && Contains(err.check, "DT_VERSYM entry outside"))
          << s.label << ": " << err.check;
      CHECK(FindIn(p.bytes(), name, version, &err) == Lookup::kError) << s.label;
    }
    for (uint64_t table : {kDtHash, kDtGnuHash}) {
      if (!OnlyTable(s, table, &p)) continue;
      // The header fits in the last bytes; buckets and chains would not.
      p.SetValue(table, p.AddressOf(size - (table == kDtHash ? 2 * p.sysv_entry() : 16)));
      CHECK(FindIn(p.bytes(), name, version, &err) == Lookup::kError) << s.label << " " << table;
      CHECK(!err.check.empty());
      ExpectClean(s.label + " hash table at the end", p.bytes());
    }
  }
}

TEST(HashIndexesOutsideTheirTablesAreCleanErrors) {
  int cases = 0;
  for (const Sample& s : Samples()) {
    auto [name, version] = ClockGettimeOf(s.bytes);
    ElfPatch sysv(s.bytes), gnu(s.bytes);
    ElfError err;
    if (OnlyTable(s, kDtHash, &sysv)) {
      const unsigned w = sysv.sysv_entry();
      const uint64_t h = sysv.Table(kDtHash), nbucket = sysv.Get(h, w), nchain = sysv.Get(h + w, w);
      const uint64_t max = w == 8 ? ~uint64_t(0) : 0xffffffffu;
      for (int variant = 0; variant < 3; variant++) {
        ElfPatch p = sysv;
        if (variant == 0) p.Set(h, w, max);      // nbucket
        if (variant == 1) p.Set(h + w, w, max);  // nchain
        if (variant == 2)                        // every bucket past nchain
          for (uint64_t b = 0; b < nbucket; b++) p.Set(h + 2 * w + b * w, w, nchain + 3);
        cases++;
        CHECK(FindIn(p.bytes(), name, version, &err) == Lookup::kError) << s.label << " sysv variant " << variant;
        CHECK(Contains(err.check, "DT_HASH")) << s.label << ": " << err.check;
        ExpectClean(s.label + " sysv indexes", p.bytes());
      }
    }
    if (OnlyTable(s, kDtGnuHash, &gnu)) {
      const uint64_t g = gnu.Table(kDtGnuHash), nbuckets = gnu.Get(g, 4), bloom = gnu.Get(g + 8, 4);
      for (int variant = 0; variant < 4; variant++) {
        ElfPatch p = gnu;
        if (variant == 0) p.Set(g, 4, 0xffffffff);      // nbuckets
        if (variant == 1) p.Set(g + 8, 4, 0xffffffff);  // bloom size
        if (variant == 2) p.Set(g + 4, 4, 0xffffffff);  // symoffset above every bucket
        if (variant == 3)                                // buckets far past the chains
          for (uint64_t b = 0; b < nbuckets; b++) p.Set(g + 16 + bloom * p.word() + 4 * b, 4, 0x7fffffff);
        cases++;
        CHECK(FindIn(p.bytes(), name, version, &err) == Lookup::kError) << s.label << " gnu variant " << variant;
        CHECK(Contains(err.check, "DT_GNU_HASH")) << s.label << ": " << err.check;
        CHECK(!OpenAndWalk(p.bytes(), &err)) << s.label << " gnu variant " << variant << " listed its symbols";
        ExpectClean(s.label + " gnu indexes", p.bytes());
      }
    }
  }
  CHECK(cases > 50) << cases;
}

TEST(HashChainsThatLoopEndInAnError) {
  int loops = 0;
  for (const Sample& s : Samples()) {
    ElfPatch sysv(s.bytes), gnu(s.bytes);
    ElfError err;
    if (OnlyTable(s, kDtHash, &sysv)) {
      const unsigned w = sysv.sysv_entry();
      const uint64_t h = sysv.Table(kDtHash), nbucket = sysv.Get(h, w), nchain = sysv.Get(h + w, w);
      const uint64_t chains = h + 2 * w + nbucket * w;
      // Every bucket starts at symbol 1; then 1 -> 1 (a self loop), or
      // 1 -> 2 -> ... -> last -> 1 (a cycle through the whole table).
      for (int cycle = 0; cycle < 2; cycle++) {
        ElfPatch p = sysv;
        for (uint64_t b = 0; b < nbucket; b++) p.Set(h + 2 * w + b * w, w, 1);
        for (uint64_t i = 1; i < nchain; i++) p.Set(chains + i * w, w, cycle ? (i + 1 < nchain ? i + 1 : 1) : i);
        loops++;
        CHECK(FindIn(p.bytes(), "__vdso_no_such_function", "", &err) == Lookup::kError) << s.label;
        CHECK(Contains(err.check, "DT_HASH chain loops")) << s.label << ": " << err.check;
        ExpectClean(s.label + " looping DT_HASH", p.bytes());
      }
    }
    if (OnlyTable(s, kDtGnuHash, &gnu)) {
      // No chain word ends its chain: walks run on into whatever follows.
      const uint64_t g = gnu.Table(kDtGnuHash), nbuckets = gnu.Get(g, 4), symoffset = gnu.Get(g + 4, 4);
      const uint64_t chains = g + 16 + gnu.Get(g + 8, 4) * gnu.word() + 4 * nbuckets;
      const uint32_t count = TableSize(gnu.bytes());
      ElfPatch p = gnu;
      for (uint64_t i = symoffset; i < count; i++) p.Set(chains + 4 * (i - symoffset), 4, p.Get(chains + 4 * (i - symoffset), 4) & ~1u);
      loops++;
      CHECK(FindIn(p.bytes(), "__vdso_no_such_function", "", &err) != Lookup::kFound) << s.label;
      ExpectClean(s.label + " endless DT_GNU_HASH chains", p.bytes());
    }
  }
  CHECK(loops > 15) << loops;

  // A chain longer than any symbol table we accept, entirely inside the image.
  SynthSpec spec;
  spec.sysv = false;
  spec.nbuckets = 1;
  for (int i = 0; i < 70000; i++) spec.symbols.push_back({"s" + std::to_string(i)});
  SynthImage img = BuildSynthetic(spec);
  ElfPatch p(img.bytes);
  const uint64_t chains = img.gnu_hash + 16 + 8 + 4;
  p.Set(chains + 4 * (spec.symbols.size() - 1), 4, p.Get(chains + 4 * (spec.symbols.size() - 1), 4) & ~1u);
  ElfError err;
  CHECK(FindIn(p.bytes(), "no_such", "", &err) == Lookup::kError);
  CHECK(Contains(err.check, "larger than the 65536 symbols")) << err.check;
  CHECK(!OpenAndWalk(p.bytes(), &err) && Contains(err.check, "larger than the 65536 symbols")) << err.check;
}

}  // namespace
}  // namespace test
}  // namespace vdso
