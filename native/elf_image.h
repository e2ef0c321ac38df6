// A bounds-checked reader for ELF shared objects the size of a vDSO.
//
// One reader serves two inputs: the live vDSO mapped into this process and any
// image handed to us as bytes (a file from any architecture). Because the
// second is untrusted, every read goes through the span: a malformed image
// yields an ElfError naming the failed check and the offset, never an
// out-of-range read. No Node headers here, so it can be tested and fuzzed alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vdso {

// The longest symbol or version name the reader reads (bytes before the NUL).
// Real names, even mangled C++ ones, are far shorter.
constexpr uint64_t kMaxNameBytes = 4096;

struct ElfError {
  std::string check;    // what was wrong, e.g. "DT_STRTAB outside the image"
  uint64_t offset = 0;  // offset into the image where it was found
  std::string Message() const;
};

enum HashStyle : uint8_t { kHashSysv = 1, kHashGnu = 2 };

struct ElfSymbol {
  std::string_view name;
  std::string_view version;  // empty when the symbol has no version
  uint64_t value = 0;        // st_value, as linked (not relocated)
  uint64_t size = 0;
  uint32_t index = 0;        // index in the dynamic symbol table
  uint16_t shndx = 0;
  uint8_t type = 0;          // STT_*
  uint8_t binding = 0;       // STB_*
  bool hidden = false;       // versym bit 15: a non-default version ("@", not "@@")
};

enum class Lookup { kFound, kNotFound, kError };

class ElfImage {
 public:
  // Reads only the ELF and program headers within the first `header_bytes`
  // and returns the extent of the PT_LOAD segments (the span to pass to Open).
  // Used for the live vDSO, whose size nothing else tells us without /proc.
  static bool LoadExtent(const uint8_t* data, size_t header_bytes, uint64_t* extent, ElfError* err);

  // Validates the headers and the dynamic section. The bytes must outlive this object.
  bool Open(const uint8_t* data, size_t size, ElfError* err);

  int elf_class() const { return is64_ ? 64 : 32; }
  bool big_endian() const { return big_; }
  uint16_t machine() const { return machine_; }
  uint32_t flags() const { return flags_; }
  uint8_t hash_styles() const { return hash_styles_; }
  // Symbols carry versions only with both DT_VERSYM and DT_VERDEF; without
  // DT_VERSYM every version matches, as in glibc.
  bool versioned() const { return versym_ != 0; }
  std::string_view soname() const { return soname_; }
  // LINUX_VERSION_CODE from the image's "Linux" note, or 0.
  uint32_t linux_version_code() const { return linux_version_; }
  size_t size() const { return size_; }

  // Finds a defined FUNC/NOTYPE, GLOBAL/WEAK symbol through DT_GNU_HASH, else
  // DT_HASH. A non-empty `version` must match the symbol's version definition
  // (index, vd_hash and name); an unversioned image matches any version.
  Lookup Find(std::string_view name, std::string_view version, ElfSymbol* out, ElfError* err) const;

  // Every defined dynamic symbol (any type and binding), in table order.
  bool Symbols(std::vector<ElfSymbol>* out, ElfError* err) const;

  // Version definitions other than the BASE entry, in chain order.
  bool Versions(std::vector<std::string_view>* out, ElfError* err) const;

  // Offset into the image of a symbol value; false when it lies outside.
  bool ValueOffset(uint64_t value, uint64_t* offset) const;

 private:
  // Each reader fails (returns false) instead of reading past the span.
  bool U8(uint64_t off, uint8_t* v) const;
  bool U16(uint64_t off, uint16_t* v) const;
  bool U32(uint64_t off, uint32_t* v) const;
  bool U64(uint64_t off, uint64_t* v) const;
  bool Word(uint64_t off, uint64_t* v) const;       // 4 or 8 bytes by ELF class
  bool SysvEntry(uint64_t off, uint64_t* v) const;  // DT_HASH word: 8 bytes on s390x
  bool String(uint64_t strtab_off, uint64_t limit, uint64_t name, std::string_view* s) const;
  bool AddrToOffset(uint64_t addr, uint64_t len, uint64_t* off) const;
  bool Fail(ElfError* err, const char* check, uint64_t offset) const;

  bool ReadSymbol(uint32_t index, ElfSymbol* sym, ElfError* err) const;
  bool SymbolVersion(uint32_t index, ElfSymbol* sym, ElfError* err) const;
  bool VersionMatches(uint32_t index, std::string_view version, bool* match, ElfError* err) const;
  bool SymbolCount(uint32_t* count, ElfError* err) const;
  struct SysvTable {
    uint64_t nbucket = 0, nchain = 0, buckets = 0, chains = 0;
  };
  struct GnuTable {
    uint32_t nbuckets = 0, symoffset = 0;
    uint64_t buckets = 0, chains = 0;
  };
  bool ReadSysvTable(SysvTable* t, ElfError* err) const;
  bool ReadGnuTable(GnuTable* t, ElfError* err) const;
  bool ReadNote(uint64_t off, uint64_t len);
  bool ReadVerdefs(ElfError* err);

  // One non-BASE version definition, read once by Open() so that a symbol's
  // version costs a binary search rather than a walk of a hostile chain.
  struct VersionDef {
    uint16_t ndx;        // vd_ndx without the hidden bit
    uint32_t hash;       // vd_hash
    std::string_view name;
  };

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  bool is64_ = false;
  bool big_ = false;
  uint16_t machine_ = 0;
  uint32_t flags_ = 0;
  uint64_t bias_ = 0;  // file offset minus vaddr of the first PT_LOAD (wrapping)
  uint8_t hash_styles_ = 0;
  uint32_t linux_version_ = 0;
  std::string_view soname_;

  // Offsets into the image; 0 means the table is absent.
  uint64_t strtab_ = 0, strsz_ = 0;
  uint64_t symtab_ = 0, syment_ = 0;
  uint64_t sysv_hash_ = 0, gnu_hash_ = 0;
  uint64_t versym_ = 0, verdef_ = 0, verdefnum_ = 0;
  unsigned sysv_hash_entry_ = 4;  // 8 on 64-bit s390x
  std::vector<VersionDef> verdefs_;   // chain order
  std::vector<uint32_t> by_ndx_;      // indexes into verdefs_, sorted by ndx (chain order on ties)
};

// "0x1a2b": how addresses and offsets are shown everywhere.
std::string Hex(uint64_t v);

// The classic SysV ELF hash (also vd_hash of a version definition) and the GNU hash.
uint32_t ElfHash(std::string_view s);
uint32_t GnuHash(std::string_view s);

}  // namespace vdso
