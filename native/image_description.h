// info(), inspect() and backend() for JS, and the values they share with image_access.cc.
#pragma once

#include <napi.h>

#include <cstdint>

#include "elf_image.h"

namespace vdso {

// An address or size: a number, exact up to 2^53; beyond that a hex string.
Napi::Value Address(Napi::Env env, uint64_t v);

// ERR_VDSO_INVALID_IMAGE with the failed check and where.
Napi::Error ImageError(Napi::Env env, const ElfError& err);

void RegisterImageDescriptions(Napi::Env env, Napi::Object exports);

}  // namespace vdso
