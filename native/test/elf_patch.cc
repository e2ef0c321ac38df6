#include "elf_patch.h"

#include <stdexcept>

namespace vdso {
namespace test {

ElfPatch::ElfPatch(Bytes bytes) : bytes_(std::move(bytes)) {
  if (bytes_.size() < 64 || bytes_[0] != 0x7f || bytes_[1] != 'E') throw std::runtime_error("not an ELF fixture");
  is64_ = bytes_[4] == 2;
  big_ = bytes_[5] == 2;
}

unsigned ElfPatch::sysv_entry() const { return is64_ && Get(18, 2) == 22 ? 8 : 4; }

uint64_t ElfPatch::Get(uint64_t off, unsigned width) const {
  if (off + width > bytes_.size()) throw std::runtime_error("ElfPatch::Get outside the fixture");
  uint64_t v = 0;
  for (unsigned i = 0; i < width; i++) {
    unsigned b = big_ ? i : width - 1 - i;
    v = (v << 8) | bytes_[off + b];
  }
  return v;
}

void ElfPatch::Set(uint64_t off, unsigned width, uint64_t v) {
  if (off + width > bytes_.size()) throw std::runtime_error("ElfPatch::Set outside the fixture");
  for (unsigned i = 0; i < width; i++) {
    unsigned b = big_ ? width - 1 - i : i;
    bytes_[off + b] = uint8_t(v >> (8 * i));
  }
}

unsigned ElfPatch::phnum() const { return unsigned(Get(phnum_field(), 2)); }

uint64_t ElfPatch::Phdr(unsigned i) const { return Get(phoff_field(), word()) + i * (is64_ ? 56 : 32); }

int ElfPatch::FindPhdr(uint32_t type) const {
  for (unsigned i = 0; i < phnum(); i++)
    if (Get(Phdr(i), 4) == type) return int(i);
  return -1;
}

uint64_t ElfPatch::DynTag(uint64_t tag) const {
  int dyn = FindPhdr(2);
  if (dyn < 0) return 0;
  uint64_t off = Get(p_offset(dyn), word()), end = off + Get(p_filesz(dyn), word());
  for (; off + 2 * word() <= end; off += 2 * word()) {
    uint64_t t = Get(off, word());
    if (t == tag) return off;
    if (t == kDtNull) break;
  }
  return 0;
}

uint64_t ElfPatch::DynValue(uint64_t tag) const {
  uint64_t t = DynTag(tag);
  if (!t) throw std::runtime_error("fixture has no such dynamic tag");
  return t + word();
}

uint64_t ElfPatch::Table(uint64_t tag) const {
  int load = FindPhdr(1);
  return Value(tag) - Get(p_vaddr(load), word()) + Get(p_offset(load), word());
}

uint64_t ElfPatch::AddressOf(uint64_t off) const {
  int load = FindPhdr(1);
  return off - Get(p_offset(load), word()) + Get(p_vaddr(load), word());
}

std::vector<uint64_t> ElfPatch::Verdefs() const {
  std::vector<uint64_t> out;
  if (!Has(kDtVerdef)) return out;
  uint64_t def = Table(kDtVerdef);
  for (;;) {
    out.push_back(def);
    uint64_t next = Get(def + 16, 4);
    if (next == 0) return out;
    def += next;
  }
}

}  // namespace test
}  // namespace vdso
