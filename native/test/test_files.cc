#include "test_files.h"

#include "live_vdso.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#ifndef VDSO_REPO_ROOT
#define VDSO_REPO_ROOT "."
#endif

namespace vdso {
namespace test {

std::string RepoRoot() {
  const char* env = std::getenv("VDSO_REPO_ROOT");
  return env && *env ? env : VDSO_REPO_ROOT;
}

Bytes ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() < suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    std::string path = dir + "/" + name;
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) out.push_back(path);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

std::vector<std::string> CommittedImages(bool with_live) {
  std::string root = RepoRoot() + "/test/fixtures";
  std::vector<std::string> all = ListFiles(root, ".so");
  for (const std::string& f : ListFiles(root + "/foreign", ".so")) all.push_back(f);
  if (with_live)
    for (const std::string& f : ListFiles(root + "/live", ".so")) all.push_back(f);
  return all;
}

}  // namespace

std::vector<std::string> FixtureImages() { return CommittedImages(true); }

// The mutation tests flip every byte of every sample: the live images of
// other architectures (test/fixtures/live; the ppc64le one alone is 49 KB)
// would multiply their time, and the foreign images already give each
// architecture's layout to attack.
std::vector<Sample> Samples() {
  std::vector<Sample> out;
  for (const std::string& path : CommittedImages(false)) out.push_back({path, ReadFile(path)});
  const vdso::LiveVdso& live = vdso::LoadLiveVdso();
  if (live.base) out.push_back({"live vDSO", Bytes(live.base, live.base + live.size)});
  return out;
}

namespace {

std::string ReadelfPath(const std::string& image_path) {
  // The real-kernel fixtures keep the .so in the name, the foreign ones do not.
  std::ifstream probe(image_path + ".readelf.txt");
  if (probe) return image_path + ".readelf.txt";
  return image_path.substr(0, image_path.size() - 3) + ".readelf.txt";
}

// "   12: 0000000000000690    38 FUNC    WEAK   DEFAULT   12 clock_gettime@@LINUX_2.6"
bool ParseSymbolRow(const std::string& line, ReadelfSymbol* s) {
  std::istringstream in(line);
  std::string num, value, size, vis, ndx, name;
  if (!(in >> num >> value >> size >> s->type >> s->binding >> vis >> ndx)) return false;
  if (num.size() < 2 || num.back() != ':' || !std::isdigit(static_cast<unsigned char>(num[0]))) return false;
  s->index = static_cast<uint32_t>(std::stoul(num));
  s->value = std::stoull(value, nullptr, 16);
  // readelf prints large sizes in hex with a 0x prefix.
  s->size = std::stoull(size, nullptr, size.rfind("0x", 0) == 0 ? 16 : 10);
  s->undefined = ndx == "UND";
  s->absolute = ndx == "ABS";
  in >> name;
  size_t at = name.find('@');
  if (at == std::string::npos) {
    s->name = name;
  } else {
    s->name = name.substr(0, at);
    s->hidden = name.compare(at, 2, "@@") != 0;
    s->version = name.substr(at + (s->hidden ? 1 : 2));
  }
  return true;
}

}  // namespace

ReadelfImage ParseReadelf(const std::string& image_path) {
  std::string path = ReadelfPath(image_path);
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  ReadelfImage img;
  enum { kOther, kDynsym } section = kOther;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("Symbol table '.dynsym'") != std::string::npos) {
      section = kDynsym;
      continue;
    }
    if (line.empty() || line.find("Version symbols section") != std::string::npos) section = kOther;
    if (line.find("(HASH)") != std::string::npos) img.sysv_hash = true;
    if (line.find("(GNU_HASH)") != std::string::npos) img.gnu_hash = true;
    size_t so = line.find("Library soname: [");
    if (so != std::string::npos) img.soname = line.substr(so + 17, line.find(']', so) - so - 17);
    // "  0x001c: Rev: 1  Flags: none  Index: 2  Cnt: 1  Name: LINUX_2.6"
    if (line.find("Rev: 1") != std::string::npos && line.find("Flags: BASE") == std::string::npos) {
      size_t n = line.find("Name: ");
      if (n != std::string::npos) img.versions.push_back(line.substr(n + 6));
    }
    if (section == kDynsym) {
      ReadelfSymbol s;
      if (ParseSymbolRow(line, &s) && s.index != 0) img.symbols.push_back(s);
    }
  }
  if (img.symbols.empty()) throw std::runtime_error("no dynamic symbols in " + path);
  return img;
}

}  // namespace test
}  // namespace vdso
