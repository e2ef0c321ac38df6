// Builds small ELF64 little-endian vDSO-shaped images from a description:
// any number of symbols and version definitions, either hash table or both.
// Large and pathological shapes (thousands of versions, one name shared by
// every symbol) are impractical to get from a linker; here they are a loop.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vdso {
namespace test {

using Bytes = std::vector<uint8_t>;

struct SynthSymbol {
  std::string name;
  uint16_t versym = 2;    // 0 local, 1 base, 2.. a version definition; bit 15 hidden
  uint8_t info = 0x12;    // STB_GLOBAL << 4 | STT_FUNC
  uint16_t shndx = 7;     // any defined section
  uint64_t value = 0;
};

struct SynthVersion {
  std::string name;
  uint16_t ndx;
  uint16_t flags = 0;
};

struct SynthSpec {
  std::vector<SynthSymbol> symbols;    // table indexes 1.. (0 is the null symbol)
  std::vector<SynthVersion> versions;  // after a BASE entry; none means no DT_VERDEF/DT_VERSYM
  bool sysv = true;
  bool gnu = true;
  uint32_t nbuckets = 0;               // 0: one bucket per 4 symbols
};

struct SynthImage {
  Bytes bytes;
  // File offsets (== addresses) of the tables, 0 when absent.
  uint64_t dynamic = 0, strtab = 0, symtab = 0, sysv_hash = 0, gnu_hash = 0, versym = 0, verdef = 0;
  uint64_t strsz = 0;
  uint32_t nbuckets = 0;
  // GNU hash needs the table sorted by bucket: position i of spec.symbols is
  // at table index index_of[i].
  std::vector<uint32_t> index_of;
};

SynthImage BuildSynthetic(const SynthSpec& spec);

}  // namespace test
}  // namespace vdso
