// getrandom(2)'s flags (include/uapi/linux/random.h), apart from the module that
// calls it, so that the package exports them without loading it.

/** Do not block when the kernel's RNG is not yet ready: EAGAIN instead. */
export const GRND_NONBLOCK = 0x0001;
/** The /dev/random semantics: block until the RNG is ready (the same bytes once it is). */
export const GRND_RANDOM = 0x0002;
/** Never block, even before the RNG is ready (Linux 5.6+). Not with GRND_RANDOM: EINVAL. */
export const GRND_INSECURE = 0x0004;
