// The guarded platform file (core/common/platform.h) and the portable 128-bit multiply.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/platform.h"
#include "common/wide_multiply.h"

using namespace vitrine;

TEST(WideMultiply, FullProductOfEdgeValues) {
  uint64_t hi = 0, lo = 0;
  const uint64_t max = ~uint64_t{0};
  multiply64(max, max, hi, lo);  // (2^64 - 1)^2 = 2^128 - 2^65 + 1
  EXPECT_EQ(hi, max - 1);
  EXPECT_EQ(lo, 1u);
  multiply64(uint64_t{1} << 32, uint64_t{1} << 32, hi, lo);
  EXPECT_EQ(hi, 1u);
  EXPECT_EQ(lo, 0u);
  multiply64(0x0123456789ABCDEFull, 0xFEDCBA9876543210ull, hi, lo);
  EXPECT_EQ(hi, 0x0121FA00AD77D742ull);  // Python: (0x0123456789ABCDEF * 0xFEDCBA9876543210) >> 64
  EXPECT_EQ(lo, 0x2236D88FE5618CF0ull);
  EXPECT_EQ(multiplyHigh64(max, 10), 9u);  // floor((2^64 - 1) * 10 / 2^64)
}

TEST(Platform, UtcCalendarTimeAndBack) {
  const std::tm tm = platform::utcCalendarTime(951782400);  // 2000-02-29 00:00:00 UTC
  EXPECT_EQ(tm.tm_year, 100);
  EXPECT_EQ(tm.tm_mon, 1);
  EXPECT_EQ(tm.tm_mday, 29);
  EXPECT_EQ(tm.tm_hour, 0);
  EXPECT_EQ(platform::unixTimeFromUtc(tm), 951782400);
}

TEST(Platform, RunCommandReturnsOutputAndExitCode) {
  const platform::CommandResult ok = platform::runCommand("echo vitrine");
  EXPECT_EQ(ok.code, 0);
  EXPECT_EQ(ok.output.substr(0, 7), "vitrine");
  EXPECT_EQ(platform::runCommand("exit 3").code, 3);
}

TEST(Platform, ProcessUsageAndExecutableDir) {
  const platform::ProcessUsage u = platform::processUsage();
  EXPECT_GE(u.cpuSeconds, 0.0);
  EXPECT_GT(u.peakRssMiB, 1.0);  // a running test binary holds more than 1 MiB
  const std::filesystem::path dir = platform::executableDir();
  ASSERT_FALSE(dir.empty());
  EXPECT_TRUE(std::filesystem::is_directory(dir));
}

TEST(Platform, KillableChildReportsAndDiesFromTheKill) {
  if (!platform::KillableChild::forkSupported()) GTEST_SKIP() << "no fork on this platform";
  platform::KillableChild child;
  ASSERT_TRUE(child.start([](const std::function<bool(int)>& send) {
    for (int i = 0;; ++i)
      if (!send(i)) return;
  }));
  int value = -1;
  ASSERT_TRUE(child.receive(value));
  EXPECT_EQ(value, 0);
  std::string how;
  EXPECT_TRUE(child.killAndWait(&how)) << how;
}
