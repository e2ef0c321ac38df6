// Which symbol names and version each architecture's vDSO exports.
// Source: the kernel's arch/*/vdso linker scripts (see vdso-facts.md).
#pragma once

#include <cstdint>

namespace vdso {

// The functions this package knows how to call, in a fixed order.
enum Function : int { kClockGettime, kGettimeofday, kClockGetres, kTime, kGetcpu, kGetrandom, kFunctionCount };

extern const char* const kFunctionNames[kFunctionCount];  // "clock_gettime", ...

struct Abi {
  const char* name;        // "x86_64", "aarch64", ...
  uint16_t machine;        // e_machine
  uint8_t elf_class;       // 32 or 64
  const char* version;     // version of the clock functions, e.g. "LINUX_2.6"
  const char* symbols[kFunctionCount];  // nullptr where the ABI has no such entry
};

// The ABI an image belongs to, from e_machine and class; nullptr if unknown.
const Abi* AbiFor(uint16_t machine, int elf_class);

// The ABI this code is compiled for (the live vDSO's); nullptr if unknown.
const Abi* HostAbi();

// All known ABIs, terminated by an entry with name == nullptr.
extern const Abi kAbis[];

}  // namespace vdso
