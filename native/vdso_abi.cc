#include "vdso_abi.h"

namespace vdso {

const char* const kFunctionNames[kFunctionCount] = {"clock_gettime", "gettimeofday", "clock_getres",
                                                    "time",          "getcpu",       "getrandom"};

// Columns follow enum Function: clock_gettime, gettimeofday, clock_getres, time, getcpu, getrandom.
const Abi kAbis[] = {
    {"x86_64", 62, 64, "LINUX_2.6",
     {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_clock_getres", "__vdso_time", "__vdso_getcpu", "__vdso_getrandom"}},
    {"x32", 62, 32, "LINUX_2.6",
     {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_clock_getres", "__vdso_time", "__vdso_getcpu", nullptr}},
    {"i386", 3, 32, "LINUX_2.6",
     {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_clock_getres", "__vdso_time", nullptr, nullptr}},
    {"aarch64", 183, 64, "LINUX_2.6.39",
     {"__kernel_clock_gettime", "__kernel_gettimeofday", "__kernel_clock_getres", nullptr, nullptr, "__kernel_getrandom"}},
    {"arm", 40, 32, "LINUX_2.6",
     {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_clock_getres", nullptr, nullptr, nullptr}},
    {"riscv64", 243, 64, "LINUX_4.15",
     {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_clock_getres", nullptr, "__vdso_getcpu", "__vdso_getrandom"}},
    {"ppc64", 21, 64, "LINUX_2.6.15",
     {"__kernel_clock_gettime", "__kernel_gettimeofday", "__kernel_clock_getres", "__kernel_time", "__kernel_getcpu", "__kernel_getrandom"}},
    {"ppc", 20, 32, "LINUX_2.6.15",
     {"__kernel_clock_gettime", "__kernel_gettimeofday", "__kernel_clock_getres", "__kernel_time", "__kernel_getcpu", "__kernel_getrandom"}},
    {"s390x", 22, 64, "LINUX_2.6.29",
     {"__kernel_clock_gettime", "__kernel_gettimeofday", "__kernel_clock_getres", nullptr, "__kernel_getcpu", "__kernel_getrandom"}},
    {"mips", 8, 32, "LINUX_2.6",
     {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_clock_getres", nullptr, nullptr, nullptr}},
    {"mips64", 8, 64, "LINUX_2.6",
     {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_clock_getres", nullptr, nullptr, nullptr}},
    {"loongarch", 258, 64, "LINUX_5.10",
     {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_clock_getres", nullptr, "__vdso_getcpu", "__vdso_getrandom"}},
    {nullptr, 0, 0, nullptr, {}},
};

const Abi* AbiFor(uint16_t machine, int elf_class) {
  for (const Abi* a = kAbis; a->name; a++)
    if (a->machine == machine && a->elf_class == elf_class) return a;
  return nullptr;
}

const Abi* HostAbi() {
#if defined(__x86_64__) && defined(__ILP32__)
  return AbiFor(62, 32);
#elif defined(__x86_64__)
  return AbiFor(62, 64);
#elif defined(__i386__)
  return AbiFor(3, 32);
#elif defined(__aarch64__)
  return AbiFor(183, 64);
#elif defined(__arm__)
  return AbiFor(40, 32);
#elif defined(__riscv) && __riscv_xlen == 64
  return AbiFor(243, 64);
#elif defined(__powerpc64__)
  return AbiFor(21, 64);
#elif defined(__powerpc__)
  return AbiFor(20, 32);
#elif defined(__s390x__)
  return AbiFor(22, 64);
#elif defined(__mips__) && _MIPS_SIM == _ABI64
  return AbiFor(8, 64);
#elif defined(__mips__)
  return AbiFor(8, 32);
#elif defined(__loongarch64)
  return AbiFor(258, 64);
#else
  return nullptr;
#endif
}

}  // namespace vdso
