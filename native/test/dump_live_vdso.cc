// Writes this process's vDSO image (the PT_LOAD extent) to a file: a seed for
// the fuzzer and a 32-bit or 64-bit sample without needing Node.
#include <cstdio>

#include "live_vdso.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT\n", argv[0]);
    return 2;
  }
  const vdso::LiveVdso& live = vdso::LoadLiveVdso();
  if (!live.base || !live.usable) {
    std::fprintf(stderr, "no usable vDSO: %s\n", live.problem.empty() ? "AT_SYSINFO_EHDR is 0" : live.problem.c_str());
    return 1;
  }
  std::FILE* f = std::fopen(argv[1], "wb");
  if (!f || std::fwrite(live.base, 1, live.size, f) != live.size || std::fclose(f) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  return 0;
}
