// Every committed image against GNU readelf's view of it (the .readelf.txt
// beside each): the symbol list, the versions, and every lookup by
// name@version, through each hash table the image has.
#include <set>
#include <string>

#include "check.h"
#include "elf_image.h"
#include "elf_patch.h"
#include "test_files.h"
#include "vdso_abi.h"

namespace vdso {
namespace test {
namespace {

int TypeCode(const std::string& t) {
  static const char* const names[] = {"NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE"};
  for (int i = 0; i < 5; i++)
    if (t == names[i]) return i;
  return -1;
}

int BindingCode(const std::string& b) { return b == "LOCAL" ? 0 : b == "GLOBAL" ? 1 : b == "WEAK" ? 2 : -1; }

// What the package's lookup accepts (and the kernel selftest's parser).
bool Callable(const ReadelfSymbol& s) {
  return !s.undefined && (s.type == "FUNC" || s.type == "NOTYPE") && (s.binding == "GLOBAL" || s.binding == "WEAK");
}

void CheckSymbolList(const std::string& label, const ElfImage& img, const ReadelfImage& re) {
  std::vector<ElfSymbol> syms;
  std::vector<std::string_view> versions;
  ElfError err;
  CHECK(img.Symbols(&syms, &err)) << label << ": " << err.Message();
  CHECK(img.Versions(&versions, &err)) << label << ": " << err.Message();
  std::vector<const ReadelfSymbol*> want;
  for (const ReadelfSymbol& s : re.symbols)
    if (!s.undefined) want.push_back(&s);
  CHECK_EQ(syms.size(), want.size()) << label;
  for (size_t i = 0; i < syms.size() && i < want.size(); i++) {
    const ElfSymbol& got = syms[i];
    const ReadelfSymbol& w = *want[i];
    // readelf prints a section's name for an STT_SECTION symbol, and no
    // version for the absolute symbol that names a version.
    const std::string want_name = w.type == "SECTION" && got.name.empty() ? std::string() : w.name;
    const std::string want_version =
        w.absolute && w.version.empty() && got.name == got.version ? std::string(got.version) : w.version;
    CHECK(got.name == want_name && got.version == want_version && got.hidden == w.hidden)
        << label << " #" << i << ": " << got.name << "@" << got.version << (got.hidden ? " (hidden)" : "")
        << " vs readelf " << w.name << "@" << w.version << (w.hidden ? " (hidden)" : "");
    CHECK(got.index == w.index && got.value == w.value && got.size == w.size) << label << " " << w.name;
    CHECK(got.type == TypeCode(w.type) && got.binding == BindingCode(w.binding)) << label << " " << w.name;
  }
  CHECK_EQ(versions.size(), re.versions.size()) << label;
  for (size_t i = 0; i < versions.size() && i < re.versions.size(); i++)
    CHECK(versions[i] == re.versions[i]) << label << ": " << versions[i] << " vs " << re.versions[i];
  CHECK(img.soname() == re.soname) << label << ": " << img.soname();
  CHECK_EQ(img.versioned(), !re.versions.empty()) << label;
}

// Every name the image or its ABI knows, at every version in sight: found
// exactly when readelf lists a callable symbol of that name at that version
// (any version, for an unversioned image), and then at readelf's value.
void CheckLookups(const std::string& label, const ElfImage& img, const ReadelfImage& re) {
  std::set<std::string> names = {"__vdso_no_such_function", "clock_gettim", "__vdso_clock_gettime"};
  std::set<std::string> versions = {"", "LINUX_2.5", "LINUX_2.6", "LINUX_9.9", "LINUX_2.6.39", "linux-vdso.so.1"};
  for (const ReadelfSymbol& s : re.symbols) names.insert(s.name);
  for (const std::string& v : re.versions) versions.insert(v);
  if (const vdso::Abi* abi = vdso::AbiFor(img.machine(), img.elf_class()))
    for (const char* n : abi->symbols)
      if (n) names.insert(n);

  const bool unversioned = re.versions.empty();
  for (const std::string& name : names) {
    for (const std::string& version : versions) {
      std::set<uint64_t> values;
      for (const ReadelfSymbol& s : re.symbols)
        if (s.name == name && Callable(s) && (version.empty() || unversioned || s.version == version))
          values.insert(s.value);
      ElfSymbol sym;
      ElfError err;
      Lookup r = img.Find(name, version, &sym, &err);
      std::string what = label + " " + name + "@" + version;
      CHECK(r != Lookup::kError) << what << ": " << err.Message();
      CHECK_EQ(r == Lookup::kFound, !values.empty()) << what;
      if (r != Lookup::kFound) continue;
      CHECK(values.count(sym.value)) << what << " value " << sym.value;
      CHECK(sym.name == name) << what;
      if (!unversioned && !version.empty()) CHECK(sym.version == version) << what << " got " << sym.version;
    }
  }
}

TEST(FixturesMatchReadelf) {
  std::vector<std::string> images = FixtureImages();
  CHECK(images.size() >= 15) << "fixtures missing under " << RepoRoot();
  for (const std::string& path : images) {
    Bytes bytes = ReadFile(path);
    ReadelfImage re = ParseReadelf(path);
    ElfImage img;
    ElfError err;
    CHECK(img.Open(bytes.data(), bytes.size(), &err)) << path << ": " << err.Message();
    CHECK_EQ(bool(img.hash_styles() & vdso::kHashSysv), re.sysv_hash) << path;
    CHECK_EQ(bool(img.hash_styles() & vdso::kHashGnu), re.gnu_hash) << path;
    CHECK(vdso::AbiFor(img.machine(), img.elf_class()) != nullptr) << path << ": unknown ABI";
    CheckSymbolList(path, img, re);
    CheckLookups(path, img, re);
  }
}

// The reader prefers DT_GNU_HASH; hiding one table at a time makes the other
// answer the same questions.
TEST(EachHashTableAloneGivesTheSameAnswers) {
  int both = 0;
  for (const std::string& path : FixtureImages()) {
    ReadelfImage re = ParseReadelf(path);
    if (!re.sysv_hash || !re.gnu_hash) continue;
    both++;
    for (uint64_t hide : {kDtGnuHash, kDtHash}) {
      ElfPatch p(ReadFile(path));
      p.Rename(hide, kDtUnknown);
      ElfImage img;
      ElfError err;
      std::string label = path + (hide == kDtHash ? " (GNU hash only)" : " (SysV hash only)");
      CHECK(img.Open(p.bytes().data(), p.bytes().size(), &err)) << label << ": " << err.Message();
      CHECK_EQ(int(img.hash_styles()), hide == kDtHash ? vdso::kHashGnu : vdso::kHashSysv) << label;
      CheckLookups(label, img, re);
    }
  }
  CHECK(both >= 5) << "expected several fixtures with both hash tables";
}

// The linker computed vd_hash and the GNU chain words; our hash functions
// must agree with it on every name.
TEST(HashFunctionsAgreeWithTheLinker) {
  CHECK_EQ(vdso::ElfHash("LINUX_2.6"), 0x3ae75f6u);
  int verdefs = 0, chains = 0;
  for (const std::string& path : FixtureImages()) {
    ElfPatch p(ReadFile(path));
    uint64_t strtab = p.Table(kDtStrtab);
    auto str = [&](uint64_t off) { return std::string(reinterpret_cast<const char*>(p.bytes().data() + strtab + off)); };
    for (uint64_t def : p.Verdefs()) {
      std::string name = str(p.Get(def + p.Get(def + 12, 4), 4));
      CHECK_EQ(vdso::ElfHash(name), p.Get(def + 8, 4)) << path << " verdef " << name;
      verdefs++;
    }
    if (!p.Has(kDtGnuHash)) continue;
    uint64_t g = p.Table(kDtGnuHash);
    uint64_t nbuckets = p.Get(g, 4), symoffset = p.Get(g + 4, 4), bloom = p.Get(g + 8, 4);
    uint64_t chain = g + 16 + bloom * p.word() + nbuckets * 4;
    // Symbols from symoffset on are hashed; readelf counts the table.
    uint32_t count = uint32_t(ParseReadelf(path).symbols.size()) + 1;
    for (uint32_t i = uint32_t(symoffset); i < count; i++) {
      std::string name = str(p.Get(p.Symbol(i), 4));
      uint64_t word = p.Get(chain + 4 * (i - symoffset), 4);
      CHECK_EQ(vdso::GnuHash(name) | 1, word | 1) << path << " " << name;
      chains++;
    }
  }
  CHECK(verdefs > 20 && chains > 50) << verdefs << " verdefs, " << chains << " chain words";
}

}  // namespace
}  // namespace test
}  // namespace vdso
