#include "watch/politeness.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace riwaya::watch {

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  const size_t at = host.rfind('@');  // user:pass@host
  if (at != std::string::npos) host = host.substr(at + 1);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  return host;
}

double BackoffSeconds(int64_t failures, double base, double cap) {
  if (failures <= 0) return 0;
  // 2^62 overflows nothing in double, but cap the exponent to stay finite and cheap.
  const double f = base * std::pow(2.0, static_cast<double>(std::min<int64_t>(failures - 1, 40)));
  return std::min(f, cap);
}

bool Waker::SleepFor(std::chrono::duration<double> d) {
  std::unique_lock<std::mutex> lk(mu_);
  if (d.count() <= 0) return !stop_.load();
  return !cv_.wait_for(lk, d, [this] { return stop_.load(); });
}

void Waker::Stop() {
  {
    std::lock_guard<std::mutex> g(mu_);
    stop_.store(true);
  }
  cv_.notify_all();
}

bool HostGate::Acquire(const std::string& url) {
  const std::string host = HostOf(url);
  for (;;) {
    Clock::duration wait{};
    {
      std::lock_guard<std::mutex> g(mu_);
      const auto now = Clock::now();
      auto it = last_.find(host);
      const auto gap = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(delay_));
      if (it == last_.end() || now - it->second >= gap) {
        last_[host] = now;
        return !waker_->stopped();
      }
      wait = it->second + gap - now;
    }
    if (!waker_->SleepFor(wait)) return false;
  }
}

}  // namespace riwaya::watch
