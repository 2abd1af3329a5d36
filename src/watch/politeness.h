// Politeness: how often the watcher may knock. HostGate spaces requests to one
// host at least `delay` apart (waits are interruptible by Stop()); Backoff
// says how long to leave a failing feed alone: base · 2^(failures-1), capped.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace riwaya::watch {

// "https://www.example.com:8443/a?b" -> "www.example.com:8443" (lower-cased).
std::string HostOf(const std::string& url);

// Seconds to wait after `failures` consecutive failures (>= 1).
double BackoffSeconds(int64_t failures, double base_seconds, double cap_seconds);

// Sleeps that end early when Stop() is called. Shared by the gate and the scheduler.
class Waker {
 public:
  // True if the full time passed, false if stopped.
  bool SleepFor(std::chrono::duration<double> d);
  void Stop();
  bool stopped() const { return stop_.load(); }
  const std::atomic<bool>* flag() const { return &stop_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stop_{false};
};

class HostGate {
 public:
  HostGate(double delay_seconds, Waker* waker) : delay_(delay_seconds), waker_(waker) {}
  // Blocks until a request to `url`'s host is allowed, then records it.
  // False when stopped while waiting.
  bool Acquire(const std::string& url);

 private:
  using Clock = std::chrono::steady_clock;
  double delay_;
  Waker* waker_;
  std::mutex mu_;
  std::map<std::string, Clock::time_point> last_;
};

}  // namespace riwaya::watch
