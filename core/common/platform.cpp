// The guarded platform file (see platform.h): the only source file allowed to include POSIX or
// Windows headers; tests/portability/check-portability.sh checks that.
#include "common/platform.h"

#include <array>
#include <filesystem>

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <io.h>
#include <windows.h>
#include <psapi.h>
#else
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif
#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace vitrine::platform {

std::tm utcCalendarTime(std::time_t t) {
  std::tm tm{};
#ifdef _WIN32
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  return tm;
}

std::time_t unixTimeFromUtc(std::tm tm) {
#ifdef _WIN32
  return _mkgmtime(&tm);
#else
  return timegm(&tm);
#endif
}

std::filesystem::path executableDir() {
  namespace fs = std::filesystem;
  try {
#if defined(__linux__)
    return fs::read_symlink("/proc/self/exe").parent_path();
#elif defined(__APPLE__)
    char buf[4096];
    uint32_t size = sizeof(buf);
    if (_NSGetExecutablePath(buf, &size) == 0) return fs::canonical(buf).parent_path();
#elif defined(_WIN32)
    wchar_t buf[MAX_PATH];
    if (GetModuleFileNameW(nullptr, buf, MAX_PATH) > 0) return fs::path(buf).parent_path();
#endif
  } catch (const std::exception&) {
  }
  return {};
}

bool isTerminal(std::FILE* stream) {
#ifdef _WIN32
  return _isatty(_fileno(stream)) != 0;
#else
  return isatty(fileno(stream)) != 0;
#endif
}

bool canWrite(const std::string& path) {
#ifdef _WIN32
  return _waccess(std::filesystem::u8path(path).wstring().c_str(), 2) == 0;
#else
  return access(path.c_str(), W_OK) == 0;
#endif
}

void* loadedSymbol(const char* name) {
#ifdef _WIN32
  HMODULE modules[1024];
  DWORD bytes = 0;
  if (!K32EnumProcessModules(GetCurrentProcess(), modules, sizeof modules, &bytes)) return nullptr;
  const DWORD n = bytes / sizeof(HMODULE);
  for (DWORD i = 0; i < n && i < 1024; ++i) {
    if (FARPROC f = GetProcAddress(modules[i], name)) return reinterpret_cast<void*>(f);
  }
  return nullptr;
#else
  return dlsym(RTLD_DEFAULT, name);
#endif
}

ProcessUsage processUsage() {
  ProcessUsage u;
#ifdef _WIN32
  FILETIME created, exited, kernel, user;
  if (GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) {
    auto seconds = [](const FILETIME& f) {
      return static_cast<double>((static_cast<uint64_t>(f.dwHighDateTime) << 32) | f.dwLowDateTime) * 1e-7;
    };
    u.cpuSeconds = seconds(kernel) + seconds(user);
  }
  PROCESS_MEMORY_COUNTERS pmc{};
  if (K32GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc)) {
    u.peakRssMiB = static_cast<double>(pmc.PeakWorkingSetSize) / (1024.0 * 1024.0);
  }
#else
  rusage r{};
  if (getrusage(RUSAGE_SELF, &r) == 0) {
    u.cpuSeconds = static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
                   1e-6 * static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec);
#ifdef __APPLE__
    u.peakRssMiB = static_cast<double>(r.ru_maxrss) / (1024.0 * 1024.0);  // bytes on macOS
#else
    u.peakRssMiB = static_cast<double>(r.ru_maxrss) / 1024.0;  // KiB on Linux
#endif
  }
#endif
  return u;
}

CommandResult runCommand(const std::string& command) {
  CommandResult r;
#ifdef _WIN32
  // cmd.exe strips the outer quotes of a /c line that starts with a quote: add one pair around it.
  FILE* p = _popen(("\"" + command + "\"").c_str(), "rb");
#else
  FILE* p = popen(command.c_str(), "r");
#endif
  if (!p) return r;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
#ifdef _WIN32
  r.code = _pclose(p);
#else
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#endif
  return r;
}

KillableChild::~KillableChild() {
#ifndef _WIN32
  if (m_pid > 0) killAndWait();
  if (m_readFd >= 0) close(m_readFd);
#endif
}

bool KillableChild::forkSupported() {
#ifdef _WIN32
  return false;
#else
  return true;
#endif
}

bool KillableChild::start(const std::function<void(const std::function<bool(int)>& send)>& body) {
#ifdef _WIN32
  (void)body;
  return false;
#else
  if (m_pid > 0) return false;
  int fds[2];
  if (pipe(fds) != 0) return false;
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) {
    close(fds[0]);
    const int out = fds[1];
    const auto send = [out](int v) { return write(out, &v, sizeof v) == static_cast<ssize_t>(sizeof v); };
    try {
      body(send);
    } catch (...) {
      _exit(2);
    }
    _exit(0);
  }
  close(fds[1]);
  m_pid = pid;
  m_readFd = fds[0];
  return true;
#endif
}

bool KillableChild::receive(int& value) {
#ifdef _WIN32
  (void)value;
  return false;
#else
  if (m_readFd < 0) return false;
  int v = 0;
  if (read(m_readFd, &v, sizeof v) != static_cast<ssize_t>(sizeof v)) return false;
  value = v;
  return true;
#endif
}

bool KillableChild::killAndWait(std::string* how) {
#ifdef _WIN32
  if (how) *how = "no child (fork is not available on Windows)";
  return false;
#else
  if (m_pid <= 0) {
    if (how) *how = "no child";
    return false;
  }
  const pid_t pid = static_cast<pid_t>(m_pid);
  m_pid = -1;
  kill(pid, SIGKILL);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) {
    if (how) *how = "waitpid failed";
    return false;
  }
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return true;
  if (how) {
    *how = WIFEXITED(status) ? "exited by itself with code " + std::to_string(WEXITSTATUS(status))
                             : "ended with signal " + std::to_string(WTERMSIG(status));
  }
  return false;
#endif
}

void setEnvironment(const char* name, const char* value) {
#ifdef _WIN32
  _putenv_s(name, value ? value : "");
#else
  if (value)
    setenv(name, value, 1);
  else
    unsetenv(name);
#endif
}

const char* bestBlasKernelFamily() {
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
    return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return nullptr;
}

// Sanitizers replace malloc: glibc's knobs would only tune an allocator nobody uses.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define VITRINE_SANITIZED_MALLOC 1
#endif
#endif
#ifndef VITRINE_SANITIZED_MALLOC
#define VITRINE_GLIBC_MALLOC 1
#endif
#endif

bool keepFreedBlocksInHeap(std::size_t bytes) {
#ifdef VITRINE_GLIBC_MALLOC
  const int b = bytes > std::size_t(1) << 30 ? 1 << 30 : static_cast<int>(bytes);
  return mallopt(M_MMAP_THRESHOLD, b) == 1 && mallopt(M_TRIM_THRESHOLD, b) == 1 && mallopt(M_ARENA_MAX, 1) == 1;
#else
  (void)bytes;
  return false;
#endif
}

void releaseFreeHeapMemory() {
#ifdef VITRINE_GLIBC_MALLOC
  malloc_trim(0);
#endif
}

}  // namespace vitrine::platform
