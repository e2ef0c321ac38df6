// Thousands of symbols in images built without a linker: every callable one
// is found at its version through either hash table and any bucket count,
// nothing else is.
#include <random>
#include <string>

#include "check.h"
#include "elf_image.h"
#include "synthetic_image.h"

namespace vdso {
namespace test {
namespace {

TEST(ManySymbolsThroughEitherTable) {
  std::mt19937 rng(12345);
  SynthSpec spec;
  for (int v = 0; v < 5; v++) spec.versions.push_back({"LINUX_" + std::to_string(v), uint16_t(v + 2)});
  for (int i = 0; i < 3000; i++) {
    SynthSymbol s;
    s.name = "__sym_" + std::to_string(rng()) + "_" + std::to_string(i);
    s.versym = uint16_t(2 + rng() % 5);
    s.value = 0x1000 + i * 16;
    switch (i % 10) {
      case 0: s.info = 0x22; break;               // WEAK FUNC: callable
      case 1: s.info = 0x10; break;               // GLOBAL NOTYPE: callable (ppc64)
      case 2: s.info = 0x11; break;               // GLOBAL OBJECT: not callable
      case 3: s.info = 0x02; break;               // LOCAL FUNC: not callable
      case 4: s.shndx = 0; break;                 // undefined: not callable
      case 5: s.versym |= 0x8000; break;          // hidden version: callable by that version
      case 6: s.versym = 1; break;                // the base version: unversioned
      default: break;
    }
    spec.symbols.push_back(s);
  }
  int configs = 0;
  for (int tables = 0; tables < 3; tables++) {
    for (uint32_t nbuckets : {1u, 7u, 1024u, 5000u}) {
      SynthSpec sp = spec;
      sp.sysv = tables != 1;
      sp.gnu = tables != 0;
      sp.nbuckets = nbuckets;
      SynthImage img = BuildSynthetic(sp);
      ElfImage image;
      ElfError err;
      CHECK(image.Open(img.bytes.data(), img.bytes.size(), &err)) << err.Message();
      configs++;
      size_t found = 0;
      for (size_t i = 0; i < sp.symbols.size(); i++) {
        const SynthSymbol& s = sp.symbols[i];
        const bool callable = s.shndx != 0 && (s.info & 0xf) != 1 && (s.info >> 4) != 0;
        const uint16_t ndx = s.versym & 0x7fff;
        const std::string own = ndx >= 2 ? "LINUX_" + std::to_string(ndx - 2) : "";
        const std::string other = "LINUX_" + std::to_string((ndx + 1) % 5);
        ElfSymbol sym;
        Lookup r = image.Find(s.name, own, &sym, &err);
        CHECK(r == (callable ? Lookup::kFound : Lookup::kNotFound))
            << s.name << "@" << own << " tables " << tables << " nbuckets " << nbuckets << ": " << err.Message();
        if (r == Lookup::kFound) {
          found++;
          CHECK(sym.value == s.value && sym.index == img.index_of[i] && sym.hidden == bool(s.versym & 0x8000));
        }
        // A base-version symbol has no named version to mismatch.
        if (ndx >= 2) CHECK(image.Find(s.name, other, &sym, &err) == Lookup::kNotFound) << s.name << "@" << other;
        CHECK(image.Find(s.name + "x", own, &sym, &err) == Lookup::kNotFound);
      }
      CHECK(found > 1500) << found;
      std::vector<ElfSymbol> syms;
      CHECK(image.Symbols(&syms, &err)) << err.Message();
      CHECK_EQ(syms.size(), size_t(2700)) << "undefined symbols are not listed";
    }
  }
  CHECK_EQ(configs, 12);
}

}  // namespace
}  // namespace test
}  // namespace vdso
