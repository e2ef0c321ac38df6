/*
 * The few glibc-only symbols that GCC 12's libstdc++.a (Debian's, built
 * against glibc) needs and musl lacks, so that it can be relinked as a
 * libstdc++.so.6 for musl: the C++ runtime Bun's musl build needs, which
 * Debian does not package for musl (see build-libstdcxx.sh). Test
 * infrastructure only: nothing of the package links it.
 */
#include <locale.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Read by libstdc++'s atomics: 0 means "maybe threaded", always correct. */
char __libc_single_threaded = 0;

size_t __strftime_l(char *s, size_t n, const char *f, const struct tm *tm, locale_t l) {
  return strftime_l(s, n, f, tm, l);
}

/* glibc 2.35's unwinder shortcut; -1 sends libgcc to dl_iterate_phdr. */
int _dl_find_object(void *pc, void *result) {
  (void)pc;
  (void)result;
  return -1;
}

/* std::random_device's source in glibc 2.36 builds. */
uint32_t arc4random(void) {
  uint32_t v;
  while (syscall(SYS_getrandom, &v, sizeof v, 0) != (long)sizeof v) {
  }
  return v;
}

/* thread_local destructors: run, newest first, when the thread exits. */
struct dtor {
  void (*fn)(void *);
  void *obj;
  struct dtor *next;
};
static pthread_key_t dtor_key;
static pthread_once_t dtor_once = PTHREAD_ONCE_INIT;
static void run_dtors(void *p) {
  for (struct dtor *d = p, *next; d; d = next) {
    next = d->next;
    d->fn(d->obj);
    free(d);
  }
}
static void make_key(void) { pthread_key_create(&dtor_key, run_dtors); }
int __cxa_thread_atexit_impl(void (*fn)(void *), void *obj, void *dso) {
  (void)dso;
  pthread_once(&dtor_once, make_key);
  struct dtor *d = malloc(sizeof *d);
  if (!d) return -1;
  d->fn = fn;
  d->obj = obj;
  d->next = pthread_getspecific(dtor_key);
  pthread_setspecific(dtor_key, d);
  return 0;
}
