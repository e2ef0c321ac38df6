#include "elf_image.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace vdso {

namespace {

// ELF constants we need; spelled out so the reader does not depend on <elf.h>
// of the host (the image may come from any architecture).
constexpr uint8_t kClass32 = 1, kClass64 = 2;
constexpr uint8_t kDataLsb = 1, kDataMsb = 2;
constexpr uint16_t kEtDyn = 3;
constexpr uint32_t kPtLoad = 1, kPtDynamic = 2, kPtNote = 4;
constexpr uint64_t kDtNull = 0, kDtHash = 4, kDtStrtab = 5, kDtSymtab = 6, kDtStrsz = 10,
                   kDtSyment = 11, kDtSoname = 14, kDtGnuHash = 0x6ffffef5,
                   kDtVersym = 0x6ffffff0, kDtVerdef = 0x6ffffffc, kDtVerdefnum = 0x6ffffffd;
constexpr uint16_t kEmS390 = 22;
constexpr uint16_t kVerFlgBase = 1;
constexpr uint8_t kSttNotype = 0, kSttFunc = 2;
constexpr uint8_t kStbGlobal = 1, kStbWeak = 2;
constexpr uint16_t kShnUndef = 0;

// Caps on loops whose length comes from the image. Real vDSOs have a few
// dozen symbols, a handful of versions, a dozen dynamic entries and one or
// two notes; these only stop hostile input, and every path applies the same
// ones, so no input costs more than the caps allow, whatever its size.
constexpr uint32_t kMaxSymbols = 1u << 16;  // symbol table indexes, hash buckets
constexpr uint32_t kMaxVerdefs = 1u << 12;
constexpr uint32_t kMaxDynamic = 1u << 12;  // dynamic section entries
constexpr uint32_t kMaxNotes = 1u << 8;
constexpr const char kSysvTooLarge[] = "DT_HASH larger than the 65536 symbols the reader accepts";
constexpr const char kGnuTooLarge[] = "DT_GNU_HASH larger than the 65536 symbols the reader accepts";
static_assert(kMaxSymbols == 65536, "the messages name the cap");
// Names are read by scanning for the NUL, at most kMaxNameBytes (elf_image.h):
// without a cap, thousands of symbols naming one megabyte-long string would
// cost a scan of it each.

// A vDSO's note segment is tiny; the version note is "Linux\0" type 0.
constexpr uint32_t kNoteLinuxVersion = 0;

}  // namespace

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string ElfError::Message() const { return check + " (at offset " + Hex(offset) + ")"; }

uint32_t ElfHash(std::string_view s) {
  uint32_t h = 0;
  for (unsigned char c : s) {
    h = (h << 4) + c;
    uint32_t g = h & 0xf0000000u;
    if (g) h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

uint32_t GnuHash(std::string_view s) {
  uint32_t h = 5381;
  for (unsigned char c : s) h = h * 33 + c;
  return h;
}

bool ElfImage::Fail(ElfError* err, const char* check, uint64_t offset) const {
  if (err) {
    err->check = check;
    err->offset = offset;
  }
  return false;
}

// `off + n <= size_` written so that it cannot overflow.
#define IN_SPAN(off, n) ((off) <= size_ && (n) <= size_ - (off))

bool ElfImage::U8(uint64_t off, uint8_t* v) const {
  if (!IN_SPAN(off, 1)) return false;
  *v = data_[off];
  return true;
}

bool ElfImage::U16(uint64_t off, uint16_t* v) const {
  if (!IN_SPAN(off, 2)) return false;
  const uint8_t* p = data_ + off;
  *v = big_ ? uint16_t(p[0] << 8 | p[1]) : uint16_t(p[1] << 8 | p[0]);
  return true;
}

bool ElfImage::U32(uint64_t off, uint32_t* v) const {
  if (!IN_SPAN(off, 4)) return false;
  const uint8_t* p = data_ + off;
  uint32_t r = 0;
  for (int i = 0; i < 4; i++) r |= uint32_t(p[big_ ? i : 3 - i]) << (8 * (3 - i));
  *v = r;
  return true;
}

bool ElfImage::U64(uint64_t off, uint64_t* v) const {
  if (!IN_SPAN(off, 8)) return false;
  const uint8_t* p = data_ + off;
  uint64_t r = 0;
  for (int i = 0; i < 8; i++) r |= uint64_t(p[big_ ? i : 7 - i]) << (8 * (7 - i));
  *v = r;
  return true;
}

bool ElfImage::Word(uint64_t off, uint64_t* v) const {
  if (is64_) return U64(off, v);
  uint32_t w = 0;
  if (!U32(off, &w)) return false;
  *v = w;
  return true;
}

bool ElfImage::SysvEntry(uint64_t off, uint64_t* v) const {
  if (sysv_hash_entry_ == 8) return U64(off, v);
  uint32_t w = 0;
  if (!U32(off, &w)) return false;
  *v = w;
  return true;
}

// Strings must end with a NUL inside the string table, the span and kMaxNameBytes.
bool ElfImage::String(uint64_t strtab_off, uint64_t limit, uint64_t name, std::string_view* s) const {
  if (name >= limit) return false;
  uint64_t start = strtab_off + name;
  uint64_t end = strtab_off + limit < size_ ? strtab_off + limit : size_;
  if (start < strtab_off || start >= end) return false;
  if (end - start > kMaxNameBytes + 1) end = start + kMaxNameBytes + 1;
  const void* nul = std::memchr(data_ + start, 0, end - start);
  if (!nul) return false;
  *s = std::string_view(reinterpret_cast<const char*>(data_ + start),
                        static_cast<const uint8_t*>(nul) - (data_ + start));
  return true;
}

// Addresses in the dynamic section are link-time addresses; the first PT_LOAD
// maps them to file offsets. Wrapping is deliberate (prelinked vDSOs).
bool ElfImage::AddrToOffset(uint64_t addr, uint64_t len, uint64_t* off) const {
  uint64_t o = addr + bias_;
  if (!is64_) o &= 0xffffffffu;
  if (!IN_SPAN(o, len)) return false;
  *off = o;
  return true;
}

bool ElfImage::ValueOffset(uint64_t value, uint64_t* offset) const {
  return AddrToOffset(value, 1, offset);
}

bool ElfImage::LoadExtent(const uint8_t* data, size_t header_bytes, uint64_t* extent, ElfError* err) {
  ElfImage probe;
  // Open() checks the headers before anything else; a header-only span makes
  // it stop with a "dynamic" complaint we ignore here, so run the header part
  // by hand instead.
  probe.data_ = data;
  probe.size_ = header_bytes;
  if (header_bytes < 16 || data[0] != 0x7f || data[1] != 'E' || data[2] != 'L' || data[3] != 'F')
    return probe.Fail(err, "not an ELF image (bad magic)", 0);
  probe.is64_ = data[4] == kClass64;
  probe.big_ = data[5] == kDataMsb;
  uint64_t phoff = 0;
  uint16_t phentsize = 0, phnum = 0;
  if (!(probe.is64_ ? probe.U64(32, &phoff) : probe.Word(28, &phoff)) ||
      !probe.U16(probe.is64_ ? 54 : 42, &phentsize) || !probe.U16(probe.is64_ ? 56 : 44, &phnum))
    return probe.Fail(err, "ELF header truncated", 0);
  uint64_t end = 0;
  for (uint16_t i = 0; i < phnum; i++) {
    uint64_t ph = phoff + uint64_t(i) * phentsize;
    uint32_t type = 0;
    uint64_t offset = 0, filesz = 0;
    if (!probe.U32(ph, &type)) return probe.Fail(err, "program header outside the header page", ph);
    if (type != kPtLoad) continue;
    bool ok = probe.is64_ ? probe.U64(ph + 8, &offset) && probe.U64(ph + 32, &filesz)
                          : probe.Word(ph + 4, &offset) && probe.Word(ph + 16, &filesz);
    if (!ok) return probe.Fail(err, "program header outside the header page", ph);
    if (offset + filesz < offset) return probe.Fail(err, "PT_LOAD extent overflows", ph);
    if (offset + filesz > end) end = offset + filesz;
  }
  if (end == 0) return probe.Fail(err, "no PT_LOAD segment", phoff);
  *extent = end;
  return true;
}

bool ElfImage::Open(const uint8_t* data, size_t size, ElfError* err) {
  *this = ElfImage();
  data_ = data;
  size_ = size;

  // --- ELF header ---
  if (size < 16 || data[0] != 0x7f || data[1] != 'E' || data[2] != 'L' || data[3] != 'F')
    return Fail(err, "not an ELF image (bad magic)", 0);
  if (data[4] != kClass32 && data[4] != kClass64) return Fail(err, "unknown EI_CLASS", 4);
  if (data[5] != kDataLsb && data[5] != kDataMsb) return Fail(err, "unknown EI_DATA", 5);
  if (data[6] != 1) return Fail(err, "unsupported EI_VERSION", 6);
  is64_ = data[4] == kClass64;
  big_ = data[5] == kDataMsb;
  const uint64_t ehsize = is64_ ? 64 : 52;
  if (size < ehsize) return Fail(err, "ELF header truncated", size);

  uint16_t type = 0, phentsize = 0, phnum = 0;
  uint32_t version = 0;
  uint64_t phoff = 0;
  U16(16, &type);
  U16(18, &machine_);
  U32(20, &version);
  if (is64_) {
    U64(32, &phoff);
    U32(48, &flags_);
    U16(54, &phentsize);
    U16(56, &phnum);
  } else {
    Word(28, &phoff);
    U32(36, &flags_);
    U16(42, &phentsize);
    U16(44, &phnum);
  }
  if (type != kEtDyn) return Fail(err, "not a shared object (e_type is not ET_DYN)", 16);
  if (version != 1) return Fail(err, "unsupported e_version", 20);
  if (phentsize != (is64_ ? 56 : 32)) return Fail(err, "unexpected e_phentsize", is64_ ? 54 : 42);
  if (phnum == 0) return Fail(err, "no program headers", is64_ ? 56 : 44);
  if (!IN_SPAN(phoff, uint64_t(phnum) * phentsize))
    return Fail(err, "program header table outside the image", is64_ ? 32 : 28);

  // --- Program headers: first PT_LOAD gives the bias, PT_DYNAMIC the table ---
  bool have_load = false;
  uint64_t dyn_off = 0, dyn_size = 0;
  bool have_dyn = false;
  uint64_t note_off = 0, note_size = 0;
  for (uint16_t i = 0; i < phnum; i++) {
    uint64_t ph = phoff + uint64_t(i) * phentsize;
    uint32_t p_type = 0;
    uint64_t p_offset = 0, p_vaddr = 0, p_filesz = 0;
    U32(ph, &p_type);
    if (is64_) {
      U64(ph + 8, &p_offset);
      U64(ph + 16, &p_vaddr);
      U64(ph + 32, &p_filesz);
    } else {
      Word(ph + 4, &p_offset);
      Word(ph + 8, &p_vaddr);
      Word(ph + 16, &p_filesz);
    }
    // A file cut short still has consistent tables up front; the segment
    // that should contain them says it is incomplete.
    if (p_type == kPtLoad && !IN_SPAN(p_offset, p_filesz))
      return Fail(err, "PT_LOAD segment extends past the end of the image (truncated)", ph);
    if (p_type == kPtLoad && !have_load) {
      have_load = true;
      bias_ = p_offset - p_vaddr;
    } else if (p_type == kPtDynamic && !have_dyn) {
      have_dyn = true;
      dyn_off = p_offset;
      dyn_size = p_filesz;
    } else if (p_type == kPtNote && note_size == 0) {
      note_off = p_offset;
      note_size = p_filesz;
    }
  }
  if (!have_load) return Fail(err, "no PT_LOAD segment", phoff);
  if (!have_dyn) return Fail(err, "no PT_DYNAMIC segment", phoff);
  if (!IN_SPAN(dyn_off, dyn_size)) return Fail(err, "PT_DYNAMIC outside the image", dyn_off);

  // --- Dynamic section ---
  const uint64_t dyn_entry = is64_ ? 16 : 8;
  uint64_t strtab = 0, symtab = 0, sysv = 0, gnu = 0, versym = 0, verdef = 0, soname = 0;
  bool have_strtab = false, have_symtab = false, have_soname = false;
  bool terminated = false;
  for (uint64_t e = dyn_off, n = 0; e + dyn_entry <= dyn_off + dyn_size; e += dyn_entry, n++) {
    if (n == kMaxDynamic) return Fail(err, "dynamic section longer than the reader accepts", e);
    uint64_t tag = 0, val = 0;
    Word(e, &tag);
    Word(e + dyn_entry / 2, &val);
    if (tag == kDtNull) {
      terminated = true;
      break;
    }
    switch (tag) {
      case kDtStrtab: strtab = val; have_strtab = true; break;
      case kDtStrsz: strsz_ = val; break;
      case kDtSymtab: symtab = val; have_symtab = true; break;
      case kDtSyment: syment_ = val; break;
      case kDtHash: sysv = val; hash_styles_ |= kHashSysv; break;
      case kDtGnuHash: gnu = val; hash_styles_ |= kHashGnu; break;
      case kDtVersym: versym = val; break;
      case kDtVerdef: verdef = val; break;
      case kDtVerdefnum: verdefnum_ = val; break;
      case kDtSoname: soname = val; have_soname = true; break;
      default: break;
    }
  }
  if (!terminated) return Fail(err, "dynamic section has no DT_NULL terminator", dyn_off + dyn_size);
  if (!have_strtab) return Fail(err, "no DT_STRTAB", dyn_off);
  if (!have_symtab) return Fail(err, "no DT_SYMTAB", dyn_off);
  if (hash_styles_ == 0) return Fail(err, "no DT_HASH or DT_GNU_HASH", dyn_off);
  if (strsz_ == 0) return Fail(err, "no DT_STRSZ", dyn_off);
  const uint64_t sym_size = is64_ ? 24 : 16;
  if (syment_ == 0) syment_ = sym_size;
  if (syment_ != sym_size) return Fail(err, "DT_SYMENT does not match the ELF class", dyn_off);

  if (!AddrToOffset(strtab, strsz_, &strtab_)) return Fail(err, "DT_STRTAB/DT_STRSZ outside the image", strtab);
  if (!AddrToOffset(symtab, syment_, &symtab_)) return Fail(err, "DT_SYMTAB outside the image", symtab);
  sysv_hash_entry_ = (is64_ && machine_ == kEmS390) ? 8 : 4;
  if ((hash_styles_ & kHashSysv) && !AddrToOffset(sysv, 2 * sysv_hash_entry_, &sysv_hash_))
    return Fail(err, "DT_HASH outside the image", sysv);
  if ((hash_styles_ & kHashGnu) && !AddrToOffset(gnu, 16, &gnu_hash_))
    return Fail(err, "DT_GNU_HASH outside the image", gnu);
  if (versym && !AddrToOffset(versym, 2, &versym_)) return Fail(err, "DT_VERSYM outside the image", versym);
  if (verdef && !AddrToOffset(verdef, 20, &verdef_)) return Fail(err, "DT_VERDEF outside the image", verdef);
  // Without version definitions, versym indexes mean nothing: unversioned.
  if (!verdef_) versym_ = 0;
  if (have_soname && !String(strtab_, strsz_, soname, &soname_))
    return Fail(err, "DT_SONAME is not a string inside DT_STRTAB", strtab_ + soname);
  if (verdef_ && !ReadVerdefs(err)) return false;

  if (note_size) ReadNote(note_off, note_size);
  return true;
}

// Best effort: a missing or odd note only leaves the kernel version unknown.
bool ElfImage::ReadNote(uint64_t off, uint64_t len) {
  if (!IN_SPAN(off, len)) return false;
  uint64_t end = off + len;
  for (uint32_t notes = 0; off + 12 <= end && notes < kMaxNotes; notes++) {
    uint32_t namesz = 0, descsz = 0, type = 0;
    U32(off, &namesz);
    U32(off + 4, &descsz);
    U32(off + 8, &type);
    uint64_t name = off + 12;
    uint64_t desc = name + ((uint64_t(namesz) + 3) & ~uint64_t(3));
    uint64_t next = desc + ((uint64_t(descsz) + 3) & ~uint64_t(3));
    if (next > end || next <= off) return false;
    if (namesz == 6 && type == kNoteLinuxVersion && descsz >= 4 &&
        std::string_view(reinterpret_cast<const char*>(data_ + name), 6) == std::string_view("Linux\0", 6)) {
      return U32(desc, &linux_version_);
    }
    off = next;
  }
  return false;
}

bool ElfImage::ReadSymbol(uint32_t index, ElfSymbol* sym, ElfError* err) const {
  uint64_t s = symtab_ + uint64_t(index) * syment_;
  if (!IN_SPAN(s, syment_)) return Fail(err, "symbol table entry outside the image", s);
  uint32_t name = 0;
  uint8_t info = 0;
  U32(s, &name);
  if (is64_) {
    U8(s + 4, &info);
    U16(s + 6, &sym->shndx);
    U64(s + 8, &sym->value);
    U64(s + 16, &sym->size);
  } else {
    uint32_t v = 0, z = 0;
    U32(s + 4, &v);
    U32(s + 8, &z);
    U8(s + 12, &info);
    U16(s + 14, &sym->shndx);
    sym->value = v;
    sym->size = z;
  }
  sym->index = index;
  sym->type = info & 0xf;
  sym->binding = info >> 4;
  sym->version = {};
  sym->hidden = false;
  if (!String(strtab_, strsz_, name, &sym->name))
    return Fail(err, "symbol name is not a string inside DT_STRTAB", s);
  return true;
}

// Names the version definition that versym[index] points at.
bool ElfImage::SymbolVersion(uint32_t index, ElfSymbol* sym, ElfError* err) const {
  if (!versym_) return true;
  uint16_t vs = 0;
  uint64_t at = versym_ + uint64_t(index) * 2;
  if (!U16(at, &vs)) return Fail(err, "DT_VERSYM entry outside the image", at);
  sym->hidden = vs & 0x8000;
  uint16_t ndx = vs & 0x7fff;
  if (ndx <= 1) return true;  // local or the base (unversioned global)
  auto it = std::lower_bound(by_ndx_.begin(), by_ndx_.end(), ndx,
                             [this](uint32_t i, uint16_t n) { return verdefs_[i].ndx < n; });
  if (it == by_ndx_.end() || verdefs_[*it].ndx != ndx)
    return Fail(err, "symbol version index has no definition", at);
  sym->version = verdefs_[*it].name;
  return true;
}

// Walks the whole chain once: every entry must be well formed, not only the
// ones some symbol happens to use.
bool ElfImage::ReadVerdefs(ElfError* err) {
  uint64_t def = verdef_;
  for (uint32_t n = 0; n < kMaxVerdefs; n++) {
    uint16_t vd_version = 0, vd_flags = 0, vd_ndx = 0;
    uint32_t hash = 0, vd_aux = 0, vd_next = 0;
    if (!U16(def, &vd_version) || !U16(def + 2, &vd_flags) || !U16(def + 4, &vd_ndx) ||
        !U32(def + 8, &hash) || !U32(def + 12, &vd_aux) || !U32(def + 16, &vd_next))
      return Fail(err, "version definition outside the image", def);
    if (vd_version != 1) return Fail(err, "unsupported vd_version", def);
    if (!(vd_flags & kVerFlgBase)) {
      uint32_t vda_name = 0;
      std::string_view name;
      if (!U32(def + vd_aux, &vda_name)) return Fail(err, "version auxiliary entry outside the image", def + vd_aux);
      if (!String(strtab_, strsz_, vda_name, &name))
        return Fail(err, "version name is not a string inside DT_STRTAB", def + vd_aux);
      verdefs_.push_back({uint16_t(vd_ndx & 0x7fff), hash, name});
    }
    if (vd_next == 0) {
      by_ndx_.resize(verdefs_.size());
      for (uint32_t i = 0; i < by_ndx_.size(); i++) by_ndx_[i] = i;
      std::stable_sort(by_ndx_.begin(), by_ndx_.end(),
                       [this](uint32_t a, uint32_t b) { return verdefs_[a].ndx < verdefs_[b].ndx; });
      return true;
    }
    def += vd_next;
  }
  return Fail(err, "version definition chain too long", def);
}

// The kernel selftest's rule: the definition with this symbol's index must
// carry both the wanted name and its ELF hash. A lookup without a version
// skips hidden (non-default) versions, as glibc's does. An index with no
// definition is a candidate that does not match, and the lookup goes on down
// the chain (glibc, parse_vdso.c and rustix all do); only a DT_VERSYM entry
// outside the image is an error.
bool ElfImage::VersionMatches(uint32_t index, std::string_view version, bool* match, ElfError* err) const {
  *match = true;
  if (!versym_) return true;
  uint16_t vs = 0;
  const uint64_t at = versym_ + uint64_t(index) * 2;
  if (!U16(at, &vs)) return Fail(err, "DT_VERSYM entry outside the image", at);
  if (version.empty()) {
    *match = !(vs & 0x8000);
    return true;
  }
  const uint16_t ndx = vs & 0x7fff;
  auto it = std::lower_bound(by_ndx_.begin(), by_ndx_.end(), ndx,
                             [this](uint32_t i, uint16_t n) { return verdefs_[i].ndx < n; });
  *match = ndx > 1 && it != by_ndx_.end() && verdefs_[*it].ndx == ndx && verdefs_[*it].name == version &&
           verdefs_[*it].hash == ElfHash(version);
  return true;
}

Lookup ElfImage::Find(std::string_view name, std::string_view version, ElfSymbol* out, ElfError* err) const {
  auto accept = [&](uint32_t index, bool* found) -> bool {
    ElfSymbol sym;
    *found = false;
    if (!ReadSymbol(index, &sym, err)) return false;
    if (sym.name != name || sym.shndx == kShnUndef) return true;
    if (sym.type != kSttFunc && sym.type != kSttNotype) return true;
    if (sym.binding != kStbGlobal && sym.binding != kStbWeak) return true;
    bool match;
    if (!VersionMatches(index, version, &match, err)) return false;
    if (!match) return true;
    // A match without a version may still carry a dangling index: found, unnamed.
    ElfError ignored;
    if (!SymbolVersion(index, &sym, &ignored)) sym.version = {};
    *out = sym;
    *found = true;
    return true;
  };

  if (gnu_hash_) {
    GnuTable t;
    if (!ReadGnuTable(&t, err)) return Lookup::kError;
    uint32_t h = GnuHash(name);
    uint32_t i = 0;
    if (!U32(t.buckets + uint64_t(h % t.nbuckets) * 4, &i))
      return Fail(err, "DT_GNU_HASH bucket outside the image", t.buckets), Lookup::kError;
    if (i == 0) return Lookup::kNotFound;
    if (i < t.symoffset) return Fail(err, "DT_GNU_HASH bucket below symoffset", t.buckets), Lookup::kError;
    const uint64_t chains = t.chains;
    for (;; i++) {
      if (i >= kMaxSymbols) return Fail(err, kGnuTooLarge, t.buckets), Lookup::kError;
      uint32_t c = 0;
      uint64_t at = chains + uint64_t(i - t.symoffset) * 4;
      if (!U32(at, &c)) return Fail(err, "DT_GNU_HASH chain outside the image", at), Lookup::kError;
      if ((c | 1) == (h | 1)) {
        bool found;
        if (!accept(i, &found)) return Lookup::kError;
        if (found) return Lookup::kFound;
      }
      if (c & 1) return Lookup::kNotFound;
    }
  }

  SysvTable t;
  if (!ReadSysvTable(&t, err)) return Lookup::kError;
  const unsigned w = sysv_hash_entry_;
  const uint64_t chains = t.chains;
  uint64_t i = 0;
  if (!SysvEntry(t.buckets + (ElfHash(name) % t.nbucket) * w, &i))
    return Fail(err, "DT_HASH bucket outside the image", t.buckets), Lookup::kError;
  // A chain visits at most nchain (<= kMaxSymbols) symbols; more means it loops.
  for (uint64_t n = 0; i != 0; n++) {
    if (n > t.nchain || i >= t.nchain) return Fail(err, "DT_HASH chain loops or leaves the table", chains), Lookup::kError;
    bool found;
    if (!accept(uint32_t(i), &found)) return Lookup::kError;
    if (found) return Lookup::kFound;
    if (!SysvEntry(chains + i * w, &i)) return Fail(err, "DT_HASH chain outside the image", chains + i * w), Lookup::kError;
  }
  return Lookup::kNotFound;
}

// The table's header, checked against the caps: what Find and SymbolCount
// both walk, so both refuse the same tables with the same check.
bool ElfImage::ReadSysvTable(SysvTable* t, ElfError* err) const {
  const unsigned w = sysv_hash_entry_;
  if (!SysvEntry(sysv_hash_, &t->nbucket) || !SysvEntry(sysv_hash_ + w, &t->nchain))
    return Fail(err, "DT_HASH outside the image", sysv_hash_);
  if (t->nbucket == 0) return Fail(err, "DT_HASH has no buckets", sysv_hash_);
  if (t->nbucket > kMaxSymbols || t->nchain > kMaxSymbols) return Fail(err, kSysvTooLarge, sysv_hash_);
  t->buckets = sysv_hash_ + 2 * w;
  t->chains = t->buckets + t->nbucket * w;
  return true;
}

bool ElfImage::ReadGnuTable(GnuTable* t, ElfError* err) const {
  uint32_t bloom_size = 0;
  if (!U32(gnu_hash_, &t->nbuckets) || !U32(gnu_hash_ + 4, &t->symoffset) || !U32(gnu_hash_ + 8, &bloom_size))
    return Fail(err, "DT_GNU_HASH outside the image", gnu_hash_);
  if (t->nbuckets == 0) return Fail(err, "DT_GNU_HASH has no buckets", gnu_hash_);
  if (t->nbuckets > kMaxSymbols || t->symoffset > kMaxSymbols) return Fail(err, kGnuTooLarge, gnu_hash_);
  const uint64_t word = is64_ ? 8 : 4;
  t->buckets = gnu_hash_ + 16 + uint64_t(bloom_size) * word;
  t->chains = t->buckets + uint64_t(t->nbuckets) * 4;
  return true;
}

// DT_HASH states the count; with only DT_GNU_HASH it is one past the last
// chain that the highest bucket starts.
bool ElfImage::SymbolCount(uint32_t* count, ElfError* err) const {
  if (sysv_hash_) {
    SysvTable t;
    if (!ReadSysvTable(&t, err)) return false;
    *count = uint32_t(t.nchain);
    return true;
  }
  GnuTable t;
  if (!ReadGnuTable(&t, err)) return false;
  if (!IN_SPAN(t.buckets, uint64_t(t.nbuckets) * 4)) return Fail(err, "DT_GNU_HASH buckets outside the image", t.buckets);
  uint32_t last = 0;
  for (uint32_t b = 0; b < t.nbuckets; b++) {
    uint32_t i = 0;
    U32(t.buckets + uint64_t(b) * 4, &i);
    if (i > last) last = i;
  }
  if (last == 0) {
    *count = t.symoffset;
    return true;
  }
  if (last < t.symoffset) return Fail(err, "DT_GNU_HASH bucket below symoffset", t.buckets);
  for (;; last++) {
    if (last >= kMaxSymbols) return Fail(err, kGnuTooLarge, t.buckets);
    uint32_t c = 0;
    uint64_t at = t.chains + uint64_t(last - t.symoffset) * 4;
    if (!U32(at, &c)) return Fail(err, "DT_GNU_HASH chain outside the image", at);
    if (c & 1) {
      *count = last + 1;
      return true;
    }
  }
}

bool ElfImage::Symbols(std::vector<ElfSymbol>* out, ElfError* err) const {
  uint32_t count = 0;
  if (!SymbolCount(&count, err)) return false;
  out->clear();
  for (uint32_t i = 1; i < count; i++) {
    ElfSymbol sym;
    if (!ReadSymbol(i, &sym, err)) return false;
    if (sym.shndx == kShnUndef) continue;
    if (!SymbolVersion(i, &sym, err)) return false;
    out->push_back(sym);
  }
  return true;
}

bool ElfImage::Versions(std::vector<std::string_view>* out, ElfError*) const {
  out->clear();
  for (const VersionDef& d : verdefs_) out->push_back(d.name);
  return true;
}

#undef IN_SPAN

}  // namespace vdso
