// glibc's view of this process's vDSO, as an oracle for our own walker:
// prints AT_SYSINFO_EHDR and, for each "name@version" argument, the offset
// of dlvsym()'s answer from that base (or null).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

int main(int argc, char** argv) {
  unsigned long base = getauxval(AT_SYSINFO_EHDR);
  void* vdso = dlopen("linux-vdso.so.1", RTLD_NOW | RTLD_NOLOAD);
  printf("{\"base\":\"0x%lx\",\"handle\":%s,\"symbols\":{", base, vdso ? "true" : "false");
  for (int i = 1; i < argc; i++) {
    char spec[256];
    snprintf(spec, sizeof spec, "%s", argv[i]);
    char* at = strchr(spec, '@');
    if (at) *at++ = 0;
    void* p = vdso ? dlvsym(vdso, spec, at ? at : "") : NULL;
    printf("%s\"%s\":", i > 1 ? "," : "", argv[i]);
    if (p) printf("%lu", (unsigned long)p - base); else printf("null");
  }
  printf("}}\n");
  return 0;
}
