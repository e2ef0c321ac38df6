// /init of the harness's initramfs: mounts /proc, /sys, /dev and /tmp, runs
// the steps of /etc/vdso/plan one at a time, each with its own time limit,
// framed by markers on the console, then resets the machine (qemu runs with
// -no-reboot, so a reset ends it).
//
// /etc/vdso/plan, one directive a line ('#' starts a comment):
//   env NAME=VALUE                      for every later step
//   step NAME TIMEOUT_S PROGRAM ARGS... runs PROGRAM (absolute path)
// Console output:
//   @@step-begin NAME
//   ...whatever the step prints...
//   @@step-end NAME rc=N secs=S      (or status=timeout / status=signal-N / status=exec-failed)
//   @@init-done
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

void Mount(const char* src, const char* target, const char* type) {
  mkdir(target, 0755);
  if (mount(src, target, type, 0, nullptr) != 0 && errno != EBUSY)
    std::printf("@@init mount %s on %s failed: %s\n", type, target, std::strerror(errno));
}

double Now() {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

void RunStep(const std::string& name, int timeout_s, const std::vector<std::string>& argv,
             const std::vector<std::string>& env) {
  std::printf("@@step-begin %s\n", name.c_str());
  std::fflush(stdout);
  double start = Now();
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> av, ev;
    for (const std::string& a : argv) av.push_back(const_cast<char*>(a.c_str()));
    av.push_back(nullptr);
    for (const std::string& e : env) ev.push_back(const_cast<char*>(e.c_str()));
    ev.push_back(nullptr);
    setpgid(0, 0);
    execve(av[0], av.data(), ev.data());
    std::printf("@@exec %s failed: %s\n", av[0], std::strerror(errno));
    std::fflush(stdout);
    _exit(127);
  }
  int status = 0;
  bool timed_out = false;
  for (;;) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) break;
    if (Now() - start > timeout_s) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      timed_out = true;
      break;
    }
    struct timespec nap = {0, 50 * 1000 * 1000};
    nanosleep(&nap, nullptr);
  }
  double secs = Now() - start;
  if (timed_out)
    std::printf("\n@@step-end %s status=timeout secs=%.1f\n", name.c_str(), secs);
  else if (WIFSIGNALED(status))
    std::printf("\n@@step-end %s status=signal-%d secs=%.1f\n", name.c_str(), WTERMSIG(status), secs);
  else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    std::printf("\n@@step-end %s status=exec-failed rc=127 secs=%.1f\n", name.c_str(), secs);
  else
    std::printf("\n@@step-end %s rc=%d secs=%.1f\n", name.c_str(), WEXITSTATUS(status), secs);
  std::fflush(stdout);
}

}  // namespace

int main() {
  Mount("proc", "/proc", "proc");
  Mount("sysfs", "/sys", "sysfs");
  Mount("devtmpfs", "/dev", "devtmpfs");
  Mount("tmpfs", "/tmp", "tmpfs");
  // The kernel opened /dev/console for us if the initramfs had it; make sure.
  if (fcntl(1, F_GETFD) < 0) {
    int fd = open("/dev/console", O_RDWR);
    if (fd >= 0) {
      dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
      if (fd > 2) close(fd);
    }
  }
  setvbuf(stdout, nullptr, _IOLBF, 0);
  struct utsname u;
  uname(&u);
  std::printf("\n@@init-start %s %s %s\n", u.machine, u.release, u.version);
  std::fflush(stdout);

  std::vector<std::string> env = {"PATH=/bin", "HOME=/tmp", "TMPDIR=/tmp"};
  std::ifstream plan("/etc/vdso/plan");
  if (!plan) std::printf("@@init no /etc/vdso/plan\n");
  std::string line;
  while (std::getline(plan, line)) {
    std::istringstream in(line);
    std::string word;
    if (!(in >> word) || word[0] == '#') continue;
    if (word == "env") {
      std::string kv;
      in >> kv;
      env.push_back(kv);
    } else if (word == "step") {
      std::string name;
      int timeout = 60;
      in >> name >> timeout;
      std::vector<std::string> argv;
      while (in >> word) argv.push_back(word);
      if (!argv.empty()) RunStep(name, timeout, argv, env);
    }
  }
  std::printf("@@init-done\n");
  std::fflush(stdout);
  sync();
  reboot(RB_AUTOBOOT);
  // Should reboot() fail, returning from init panics the kernel, and
  // panic=-1 with -no-reboot ends qemu just the same.
  return 0;
}
