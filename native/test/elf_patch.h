// Reads and rewrites fields of a valid ELF image (a fixture), to make the
// malformed variants the hostile-image tests feed the reader. Deliberately a
// second, naive implementation: it trusts its input and shares no code with
// the reader under test.
#pragma once

#include <cstdint>
#include <vector>

namespace vdso {
namespace test {

using Bytes = std::vector<uint8_t>;

constexpr uint64_t kDtNull = 0, kDtHash = 4, kDtStrtab = 5, kDtSymtab = 6, kDtStrsz = 10, kDtSyment = 11,
                   kDtSoname = 14, kDtGnuHash = 0x6ffffef5, kDtVersym = 0x6ffffff0, kDtVerdef = 0x6ffffffc,
                   kDtVerdefnum = 0x6ffffffd;
// A tag no reader knows: renaming a table's tag to it hides the table.
constexpr uint64_t kDtUnknown = 0x6ffffe00;

class ElfPatch {
 public:
  explicit ElfPatch(Bytes bytes);

  Bytes& bytes() { return bytes_; }
  bool is64() const { return is64_; }
  unsigned word() const { return is64_ ? 8 : 4; }
  // 8 on 64-bit s390x, 4 elsewhere.
  unsigned sysv_entry() const;

  uint64_t Get(uint64_t off, unsigned width) const;
  void Set(uint64_t off, unsigned width, uint64_t v);

  // ELF header fields.
  uint64_t phoff_field() const { return is64_ ? 32 : 28; }
  uint64_t phnum_field() const { return is64_ ? 56 : 44; }
  uint64_t Phdr(unsigned i) const;  // offset of program header i
  unsigned phnum() const;
  // Field offsets inside a program header.
  uint64_t p_offset(unsigned i) const { return Phdr(i) + (is64_ ? 8 : 4); }
  uint64_t p_vaddr(unsigned i) const { return Phdr(i) + (is64_ ? 16 : 8); }
  uint64_t p_filesz(unsigned i) const { return Phdr(i) + (is64_ ? 32 : 16); }
  int FindPhdr(uint32_t type) const;  // index of the first of that type, or -1

  // Dynamic section: the offset of the d_val of `tag`, or 0 when absent.
  uint64_t DynValue(uint64_t tag) const;
  uint64_t DynTag(uint64_t tag) const;  // offset of the d_tag field, or 0
  bool Has(uint64_t tag) const { return DynTag(tag) != 0; }
  uint64_t Value(uint64_t tag) const { return Get(DynValue(tag), word()); }
  void SetValue(uint64_t tag, uint64_t v) { Set(DynValue(tag), word(), v); }
  void Rename(uint64_t tag, uint64_t new_tag) { Set(DynTag(tag), word(), new_tag); }
  // File offset of the table a d_ptr points at (through the first PT_LOAD).
  uint64_t Table(uint64_t tag) const;
  // d_ptr value that points at file offset `off`.
  uint64_t AddressOf(uint64_t off) const;

  uint64_t syment() const { return is64_ ? 24 : 16; }
  uint64_t Symbol(uint32_t index) const { return Table(kDtSymtab) + index * syment(); }
  // Offsets of every verdef entry in chain order.
  std::vector<uint64_t> Verdefs() const;

 private:
  Bytes bytes_;
  bool is64_;
  bool big_;
};

}  // namespace test
}  // namespace vdso
