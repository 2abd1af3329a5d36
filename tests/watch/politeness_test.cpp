#include "watch/politeness.h"

#include <gtest/gtest.h>

#include <thread>

namespace riwaya::watch {
namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

TEST(HostOf, KeepsHostAndPortLowerCased) {
  EXPECT_EQ(HostOf("https://WWW.Aljazeera.net/aljazeerarss/x?y=1"), "www.aljazeera.net");
  EXPECT_EQ(HostOf("http://127.0.0.1:8080/rss"), "127.0.0.1:8080");
  EXPECT_EQ(HostOf("http://user:pw@feeds.example.com#frag"), "feeds.example.com");
  EXPECT_EQ(HostOf("feeds.example.com/rss"), "feeds.example.com");
}

TEST(Backoff, DoublesUpToTheCap) {
  EXPECT_EQ(BackoffSeconds(0, 60, 1000), 0);
  EXPECT_EQ(BackoffSeconds(1, 60, 1000), 60);
  EXPECT_EQ(BackoffSeconds(2, 60, 1000), 120);
  EXPECT_EQ(BackoffSeconds(3, 60, 1000), 240);
  EXPECT_EQ(BackoffSeconds(5, 60, 1000), 960);
  EXPECT_EQ(BackoffSeconds(6, 60, 1000), 1000);
  EXPECT_EQ(BackoffSeconds(1000000, 60, 1000), 1000);  // no overflow for a feed dead for years
}

TEST(HostGate, SpacesRequestsToOneHostOnly) {
  Waker w;
  HostGate gate(0.5, &w);
  const auto t0 = Clock::now();
  ASSERT_TRUE(gate.Acquire("http://a.example/1"));
  ASSERT_TRUE(gate.Acquire("http://b.example/1"));  // another host: no wait
  EXPECT_LT(Since(t0), 0.4);
  ASSERT_TRUE(gate.Acquire("http://a.example/2"));
  EXPECT_GE(Since(t0), 0.5);
  ASSERT_TRUE(gate.Acquire("http://A.EXAMPLE/3"));
  EXPECT_GE(Since(t0), 1.0);
}

TEST(HostGate, StopInterruptsAWait) {
  Waker w;
  HostGate gate(30, &w);
  ASSERT_TRUE(gate.Acquire("http://a.example/1"));
  std::thread stopper([&w] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    w.Stop();
  });
  const auto t0 = Clock::now();
  EXPECT_FALSE(gate.Acquire("http://a.example/2"));
  EXPECT_LT(Since(t0), 2.0);
  stopper.join();
  EXPECT_FALSE(w.SleepFor(std::chrono::seconds(10)));  // stays stopped
}

}  // namespace
}  // namespace riwaya::watch
