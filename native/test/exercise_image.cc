#include "exercise_image.h"

#include <algorithm>
#include <string_view>

#include "elf_image.h"
#include "vdso_abi.h"

namespace vdso {
namespace test {
namespace {

// A name or version is a view into the image; pointing anywhere else would
// mean the reader made it up or read past the bytes it was given.
bool Inside(std::string_view s, const uint8_t* data, size_t size) {
  if (s.empty()) return true;
  auto p = reinterpret_cast<const uint8_t*>(s.data());
  // The terminating NUL must be inside too.
  return p >= data && p < data + size && s.size() < size_t(data + size - p) && p[s.size()] == 0;
}

// Stops on the first broken promise of this kind; one is enough to report.
void Violate(Exercise* ex, std::string what) {
  if (ex->violations.size() < 8) ex->violations.push_back(std::move(what));
}

void CheckError(Exercise* ex, const ElfError& err, const char* where) {
  if (err.check.empty()) Violate(ex, std::string(where) + " failed without naming a check");
}

void FindAndCheck(Exercise* ex, const ElfImage& image, std::string_view name, std::string_view version,
                  const uint8_t* data, size_t size) {
  ElfSymbol sym;
  ElfError err;
  ex->lookups++;
  Lookup r = image.Find(name, version, &sym, &err);
  if (r == Lookup::kError) {
    ex->lookup_errors++;
    CheckError(ex, err, "Find");
    return;
  }
  if (r != Lookup::kFound) return;
  ex->found++;
  std::string what = std::string(name) + "@" + std::string(version);
  if (sym.name != name) Violate(ex, "Find(" + what + ") returned " + std::string(sym.name));
  if (!Inside(sym.name, data, size) || !Inside(sym.version, data, size))
    Violate(ex, "Find(" + what + ") returned a string outside the image");
  if (image.versioned() && !version.empty() && sym.version != version)
    Violate(ex, "Find(" + what + ") returned version " + std::string(sym.version));
  if (sym.type != 0 && sym.type != 2) Violate(ex, "Find(" + what + ") accepted a symbol that is not FUNC or NOTYPE");
  if (sym.binding != 1 && sym.binding != 2) Violate(ex, "Find(" + what + ") accepted a LOCAL symbol");
  if (sym.shndx == 0) Violate(ex, "Find(" + what + ") accepted an undefined symbol");
  uint64_t off = 0;
  if (image.ValueOffset(sym.value, &off) && off >= size) Violate(ex, "ValueOffset outside the image");
}

}  // namespace

Exercise ExerciseImage(const uint8_t* data, size_t size) {
  Exercise ex;
  ElfError err;

  // The live path reads only the header page before it knows the size.
  uint64_t extent = 0;
  if (ElfImage::LoadExtent(data, std::min<size_t>(size, 4096), &extent, &err)) {
    if (extent == 0) Violate(&ex, "LoadExtent succeeded with a zero extent");
  } else {
    CheckError(&ex, err, "LoadExtent");
  }

  ElfImage image;
  err = ElfError();
  if (!image.Open(data, size, &err)) {
    ex.open_error = err.check;
    CheckError(&ex, err, "Open");
    return ex;
  }
  ex.opened = true;
  if (image.size() != size) Violate(&ex, "size() differs from the span given");
  if (!Inside(image.soname(), data, size)) Violate(&ex, "soname outside the image");

  std::vector<ElfSymbol> symbols;
  std::vector<std::string_view> versions;
  err = ElfError();
  if (image.Symbols(&symbols, &err) && image.Versions(&versions, &err)) {
    ex.walked = true;
    ex.symbols = symbols.size();
    for (const ElfSymbol& s : symbols) {
      if (!Inside(s.name, data, size) || !Inside(s.version, data, size)) {
        Violate(&ex, "Symbols() returned a string outside the image");
        break;
      }
    }
    for (std::string_view v : versions)
      if (!Inside(v, data, size)) Violate(&ex, "Versions() returned a string outside the image");
  } else {
    ex.walk_error = err.check;
    CheckError(&ex, err, "Symbols/Versions");
  }

  // What Describe() asks: the image's ABI entry points at the ABI's version.
  if (const vdso::Abi* abi = vdso::AbiFor(image.machine(), image.elf_class())) {
    for (const char* name : abi->symbols) {
      if (!name) continue;
      FindAndCheck(&ex, image, name, abi->version, data, size);
      FindAndCheck(&ex, image, name, "", data, size);
    }
  }
  // Every listed symbol by its own version and by one it does not have;
  // capped so a huge symbol table does not make one input take seconds.
  size_t n = 0;
  for (const ElfSymbol& s : symbols) {
    if (n++ == 64) break;
    FindAndCheck(&ex, image, s.name, s.version, data, size);
    FindAndCheck(&ex, image, s.name, "LINUX_9.9", data, size);
  }
  FindAndCheck(&ex, image, "__vdso_clock_gettime", "LINUX_2.6", data, size);
  FindAndCheck(&ex, image, "", "", data, size);
  return ex;
}

}  // namespace test
}  // namespace vdso
