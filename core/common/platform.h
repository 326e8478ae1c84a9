#pragma once
// The one place for operating-system specific calls (POSIX, Windows, macOS). Everything else in
// Vitrine (core, app, ui, tests, bench) uses only ISO C++17 and Qt; tests/portability enforces it.
// Each function has a POSIX and a Windows branch; where a platform has no equivalent the function
// says so in its result (never a compile error on that platform).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <string>

namespace vitrine::platform {

// Calendar time in UTC of a Unix time (gmtime_r / gmtime_s: thread-safe, unlike std::gmtime).
std::tm utcCalendarTime(std::time_t t);

// The Unix time of a UTC calendar time (timegm / _mkgmtime; fields are normalised like
// std::mktime does). -1 when it cannot be represented.
std::time_t unixTimeFromUtc(std::tm tm);

// The folder of this process's executable (/proc/self/exe, _NSGetExecutablePath,
// GetModuleFileNameW); empty when it cannot be found.
std::filesystem::path executableDir();

// True when `stream` (stdout, stderr) is an interactive terminal (isatty / _isatty).
bool isTerminal(std::FILE* stream);

// True when this process may write to `path` (a file or a folder): access(W_OK) / _waccess(2).
// Root passes on POSIX whatever the mode bits say; a read-only mount still fails (EROFS).
bool canWrite(const std::string& path);

// Address of an exported function of any library already loaded into this process, or nullptr
// (dlsym(RTLD_DEFAULT) on POSIX; GetProcAddress over the process's modules on Windows). Used for
// optional runtime features such as OpenBLAS's thread-count functions.
void* loadedSymbol(const char* name);

// Sets (value non-null) or removes (value null) an environment variable of this process
// (setenv / unsetenv; _putenv_s on Windows, where an empty value removes it).
void setEnvironment(const char* name, const char* value);

// The most capable OpenBLAS kernel family this CPU can run, by its OPENBLAS_CORETYPE name:
// "SkylakeX" (AVX-512 F/DQ/CD/BW/VL), "Haswell" (AVX2 + FMA), or nullptr (other CPUs, or a
// compiler without CPU detection). GCC/Clang __builtin_cpu_supports on x86.
const char* bestBlasKernelFamily();

// Heap policy for tensor work. A CNN batch allocates and frees tensors of tens of megabytes per
// layer; with glibc's defaults each one above the (dynamic, at most 32 MB) mmap threshold comes
// from a fresh mmap whose pages fault in again on every batch, and a worker thread's own arena
// (heaps of at most 64 MB) cannot hold them at all. keepFreedBlocksInHeap(bytes) serves blocks
// below `bytes` from the heap, keeps up to `bytes` of freed memory there, and puts every thread
// on the main arena (glibc mallopt M_MMAP_THRESHOLD, M_TRIM_THRESHOLD, M_ARENA_MAX = 1); call
// it before the process starts threads. About twice the CNN embedding speed on the demo
// (bench/RESULTS.md, issue 18 item 1, quiet pass 2). Returns false where it does not apply
// (other C libraries, whose allocators cache on their own; sanitizer builds).
bool keepFreedBlocksInHeap(std::size_t bytes);

// Returns the heap's free pages to the system (glibc malloc_trim); after a batch job such as an
// embedding run, so the memory kept by keepFreedBlocksInHeap does not outlive the job. No-op
// elsewhere.
void releaseFreeHeapMemory();

// Resource use of this process: CPU seconds (user + system, all threads) and the peak resident
// set size in MiB (getrusage; GetProcessTimes / GetProcessMemoryInfo on Windows). -1 when unknown.
struct ProcessUsage {
  double cpuSeconds = -1;
  double peakRssMiB = -1;
};
ProcessUsage processUsage();

// Runs `command` through the system shell (popen / _popen) and returns its exit code and
// standard output. code is -1 when the command could not be started or did not exit normally.
struct CommandResult {
  int code = -1;
  std::string output;
};
CommandResult runCommand(const std::string& command);

// A child process made by fork() that reports integers to its parent through a pipe; the parent
// can kill it without warning (SIGKILL) to test crash safety. Windows has no fork():
// forkSupported() is false there and start() returns false.
class KillableChild {
 public:
  KillableChild() = default;
  KillableChild(const KillableChild&) = delete;
  KillableChild& operator=(const KillableChild&) = delete;
  ~KillableChild();

  static bool forkSupported();
  // Runs body(send) in the child, then the child exits with 0 (2 when body throws). send(v)
  // writes v to the parent and returns false when the parent is gone.
  bool start(const std::function<void(const std::function<bool(int)>& send)>& body);
  // Reads the next integer the child sent; false at end of stream (child gone, pipe closed).
  bool receive(int& value);
  // Kills the child without warning (SIGKILL), waits for it and returns true when it died from
  // that kill (rather than exiting by itself; `how` then says how it ended).
  bool killAndWait(std::string* how = nullptr);

 private:
  long long m_pid = -1;
  int m_readFd = -1;
};

}  // namespace vitrine::platform
