#include "synthetic_image.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "elf_image.h"

namespace vdso {
namespace test {
namespace {

struct Writer {
  Bytes& b;
  void Put(uint64_t off, unsigned width, uint64_t v) {
    if (b.size() < off + width) b.resize(off + width);
    for (unsigned i = 0; i < width; i++) b[off + i] = uint8_t(v >> (8 * i));
  }
};

uint64_t Align8(uint64_t v) { return (v + 7) & ~uint64_t(7); }

}  // namespace

SynthImage BuildSynthetic(const SynthSpec& spec) {
  SynthImage img;
  const size_t n = spec.symbols.size();
  const uint32_t nbuckets = spec.nbuckets ? spec.nbuckets : uint32_t(std::max<size_t>(1, n / 4));
  img.nbuckets = nbuckets;

  // Each name hashed once: names may be long.
  std::vector<uint32_t> gnu_hash(n), elf_hash(n);
  for (size_t i = 0; i < n; i++) {
    gnu_hash[i] = vdso::GnuHash(spec.symbols[i].name);
    elf_hash[i] = vdso::ElfHash(spec.symbols[i].name);
  }
  // Table order: by GNU bucket when there is a GNU table (its one requirement).
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  if (spec.gnu) {
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return gnu_hash[a] % nbuckets < gnu_hash[b] % nbuckets; });
  }
  img.index_of.assign(n, 0);
  for (uint32_t pos = 0; pos < n; pos++) img.index_of[order[pos]] = pos + 1;

  // String table: each distinct string once.
  std::string strtab(1, '\0');
  std::map<std::string, uint32_t> str_off;
  auto intern = [&](const std::string& s) {
    auto it = str_off.find(s);
    if (it != str_off.end()) return it->second;
    uint32_t off = uint32_t(strtab.size());
    strtab += s;
    strtab += '\0';
    str_off[s] = off;
    return off;
  };
  uint32_t soname = intern("linux-vdso.so.1");
  std::vector<uint32_t> name_off(n);
  for (size_t i = 0; i < n; i++) name_off[i] = intern(spec.symbols[i].name);
  for (const SynthVersion& v : spec.versions) intern(v.name);

  const bool versioned = !spec.versions.empty();
  const uint64_t nsyms = n + 1;
  int ndyn = 6 + (spec.sysv ? 1 : 0) + (spec.gnu ? 1 : 0) + (versioned ? 3 : 0);  // + NULL
  uint64_t off = 64 + 2 * 56;
  img.dynamic = off;
  off = Align8(off + uint64_t(ndyn) * 16);
  if (spec.sysv) {
    img.sysv_hash = off;
    off = Align8(off + 4 * (2 + nbuckets + nsyms));
  }
  if (spec.gnu) {
    img.gnu_hash = off;
    off = Align8(off + 16 + 8 + 4 * nbuckets + 4 * n);
  }
  img.symtab = off;
  off = Align8(off + 24 * nsyms);
  if (versioned) {
    img.versym = off;
    off = Align8(off + 2 * nsyms);
    img.verdef = off;
    off = Align8(off + 28 * (spec.versions.size() + 1));
  }
  img.strtab = off;
  img.strsz = strtab.size();
  off += strtab.size();

  Bytes& b = img.bytes;
  b.assign(off, 0);
  Writer w{b};

  // ELF header: ET_DYN, EM_X86_64, two program headers.
  const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  std::copy(ident, ident + 16, b.begin());
  w.Put(16, 2, 3);
  w.Put(18, 2, 62);
  w.Put(20, 4, 1);
  w.Put(32, 8, 64);
  w.Put(52, 2, 64);
  w.Put(54, 2, 56);
  w.Put(56, 2, 2);
  // PT_LOAD over everything at vaddr 0, then PT_DYNAMIC.
  w.Put(64, 4, 1);
  w.Put(64 + 4, 4, 5);
  w.Put(64 + 32, 8, off);
  w.Put(64 + 40, 8, off);
  w.Put(120, 4, 2);
  w.Put(120 + 8, 8, img.dynamic);
  w.Put(120 + 16, 8, img.dynamic);
  w.Put(120 + 32, 8, uint64_t(ndyn) * 16);
  w.Put(120 + 40, 8, uint64_t(ndyn) * 16);

  uint64_t d = img.dynamic;
  auto dyn = [&](uint64_t tag, uint64_t val) {
    w.Put(d, 8, tag);
    w.Put(d + 8, 8, val);
    d += 16;
  };
  dyn(14, soname);  // DT_SONAME
  if (spec.sysv) dyn(4, img.sysv_hash);
  if (spec.gnu) dyn(0x6ffffef5, img.gnu_hash);
  dyn(5, img.strtab);
  dyn(10, img.strsz);
  dyn(6, img.symtab);
  dyn(11, 24);
  if (versioned) {
    dyn(0x6ffffff0, img.versym);
    dyn(0x6ffffffc, img.verdef);
    dyn(0x6ffffffd, spec.versions.size() + 1);
  }
  dyn(0, 0);

  // Symbols in table order.
  for (uint32_t pos = 0; pos < n; pos++) {
    const SynthSymbol& s = spec.symbols[order[pos]];
    uint64_t e = img.symtab + 24 * uint64_t(pos + 1);
    w.Put(e, 4, name_off[order[pos]]);
    w.Put(e + 4, 1, s.info);
    w.Put(e + 6, 2, s.shndx);
    w.Put(e + 8, 8, s.value);
    if (versioned) w.Put(img.versym + 2 * uint64_t(pos + 1), 2, s.versym);
  }

  if (spec.sysv) {
    uint64_t h = img.sysv_hash, buckets = h + 8, chains = buckets + 4 * uint64_t(nbuckets);
    w.Put(h, 4, nbuckets);
    w.Put(h + 4, 4, nsyms);
    // Prepend each symbol to its bucket's chain.
    for (uint32_t pos = 0; pos < n; pos++) {
      uint32_t idx = pos + 1;
      uint64_t bucket = buckets + 4 * uint64_t(elf_hash[order[pos]] % nbuckets);
      uint32_t head = 0;
      for (unsigned i = 0; i < 4; i++) head |= uint32_t(b[bucket + i]) << (8 * i);
      w.Put(chains + 4 * uint64_t(idx), 4, head);
      w.Put(bucket, 4, idx);
    }
  }

  if (spec.gnu) {
    uint64_t g = img.gnu_hash, buckets = g + 16 + 8, chains = buckets + 4 * uint64_t(nbuckets);
    w.Put(g, 4, nbuckets);
    w.Put(g + 4, 4, 1);  // symoffset: every symbol after the null one is hashed
    w.Put(g + 8, 4, 1);  // one bloom word, all ones: lets everything through
    w.Put(g + 12, 4, 6);
    w.Put(g + 16, 8, ~uint64_t(0));
    for (uint32_t pos = 0; pos < n; pos++) {
      uint32_t h = gnu_hash[order[pos]];
      uint32_t bucket = h % nbuckets;
      bool last = pos + 1 == n || gnu_hash[order[pos + 1]] % nbuckets != bucket;
      uint64_t head = buckets + 4 * uint64_t(bucket);
      if (b[head] == 0 && b[head + 1] == 0 && b[head + 2] == 0 && b[head + 3] == 0) w.Put(head, 4, pos + 1);
      w.Put(chains + 4 * uint64_t(pos), 4, (h & ~1u) | (last ? 1 : 0));
    }
  }

  if (versioned) {
    // BASE entry first, then each version; each with its own verdaux.
    uint64_t v = img.verdef;
    size_t count = spec.versions.size() + 1;
    for (size_t i = 0; i < count; i++, v += 28) {
      bool base = i == 0;
      const std::string& name = base ? std::string("linux-vdso.so.1") : spec.versions[i - 1].name;
      w.Put(v, 2, 1);
      w.Put(v + 2, 2, base ? 1 : spec.versions[i - 1].flags);
      w.Put(v + 4, 2, base ? 1 : spec.versions[i - 1].ndx);
      w.Put(v + 6, 2, 1);
      w.Put(v + 8, 4, vdso::ElfHash(name));
      w.Put(v + 12, 4, 20);
      w.Put(v + 16, 4, i + 1 == count ? 0 : 28);
      w.Put(v + 20, 4, str_off[name]);
    }
  }

  std::copy(strtab.begin(), strtab.end(), b.begin() + img.strtab);
  return img;
}

}  // namespace test
}  // namespace vdso
