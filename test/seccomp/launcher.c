/*
 * Runs a program with some system calls failing with EPERM, as a sandbox
 * (Docker's or systemd's seccomp profiles, Chrome's) might make them fail.
 *
 *   seccomp-launcher SYSCALL[,SYSCALL...] PROGRAM [ARG...]
 *
 * SYSCALL is one of clock_gettime, gettimeofday, clock_getres, time, getcpu,
 * adjtimex, clock_adjtime (and clock_adjtime64 on ABIs that have it).
 * The filter is installed with no_new_privs and survives execve, so PROGRAM
 * and everything it starts see it. Calls the vDSO serves never reach the
 * kernel, so they keep working: that is what the tests check.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define THIS_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define THIS_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define THIS_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "add this architecture's AUDIT_ARCH_*"
#endif

static const struct {
  const char *name;
  long nr;
} kSyscalls[] = {
    {"clock_gettime", SYS_clock_gettime},
    {"gettimeofday", SYS_gettimeofday},
    {"clock_getres", SYS_clock_getres},
#ifdef SYS_time
    {"time", SYS_time},
#endif
    {"getcpu", SYS_getcpu},
    {"adjtimex", SYS_adjtimex},
    {"clock_adjtime", SYS_clock_adjtime},
#ifdef SYS_clock_adjtime64
    {"clock_adjtime64", SYS_clock_adjtime64},
#endif
};
#define KNOWN (sizeof kSyscalls / sizeof kSyscalls[0])

static long lookup(const char *name) {
  for (size_t i = 0; i < KNOWN; i++)
    if (strcmp(kSyscalls[i].name, name) == 0) return kSyscalls[i].nr;
  return -1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s SYSCALL[,SYSCALL...] PROGRAM [ARG...]\n", argv[0]);
    return 2;
  }
  long deny[KNOWN];
  size_t n = 0;
  char *list = argv[1];
  for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
    long nr = lookup(name);
    if (nr < 0 || n == KNOWN) {
      fprintf(stderr, "%s: unknown or repeated system call '%s'\n", argv[0], name);
      return 2;
    }
    deny[n++] = nr;
  }

  /* Another architecture's calls have other numbers: refuse them outright.
   * Then one comparison per denied call, jumping to the EPERM return. */
  struct sock_filter prog[4 + KNOWN + 2];
  size_t pc = 0;
  prog[pc++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
  prog[pc++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, THIS_AUDIT_ARCH, 1, 0);
  prog[pc++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  prog[pc++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
  for (size_t k = 0; k < n; k++)
    prog[pc++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)deny[k], (unsigned char)(n - k), 0);
  prog[pc++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  prog[pc++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA));
  struct sock_fprog fprog = {.len = (unsigned short)pc, .filter = prog};

  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    perror("prctl(PR_SET_NO_NEW_PRIVS)");
    return 1;
  }
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0) {
    perror("prctl(PR_SET_SECCOMP)");
    return 1;
  }
  execvp(argv[2], argv + 2);
  perror(argv[2]);
  return 127;
}
