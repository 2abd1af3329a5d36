// FeedServer: a local HTTP server for watch tests (cpp-httplib on 127.0.0.1,
// any free port, its own thread). Records when each request arrived so tests
// can check politeness, and serves fixture files with {{BASE}} filled in.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace riwaya::testing {

class FeedServer {
 public:
  using Clock = std::chrono::steady_clock;
  struct Hit {
    std::string path;
    std::string if_none_match;
    std::string user_agent;
    Clock::time_point at;
  };

  FeedServer() {
    http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard<std::mutex> g(mu_);
      hits_.push_back({req.path, req.get_header_value("If-None-Match"), req.get_header_value("User-Agent"),
                       Clock::now()});
      return httplib::Server::HandlerResponse::Unhandled;
    });
    port_ = http_.bind_to_any_port("127.0.0.1");
  }
  ~FeedServer() {
    stopping_ = true;
    http_.stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Server& http() { return http_; }
  // Call after registering handlers.
  void Start() {
    thread_ = std::thread([this] { http_.listen_after_bind(); });
  }
  int port() const { return port_; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string Url(const std::string& path) const { return base() + path; }
  const std::atomic<bool>& stopping() const { return stopping_; }

  std::vector<Hit> hits() const {
    std::lock_guard<std::mutex> g(mu_);
    return hits_;
  }
  int Count(const std::string& path) const {
    std::lock_guard<std::mutex> g(mu_);
    int n = 0;
    for (const Hit& h : hits_) n += h.path == path;
    return n;
  }

  // A fixture from tests/fixtures/watch with {{BASE}} replaced by this server's address.
  std::string Fixture(const std::string& name) const {
    std::ifstream in(std::string(RIWAYA_SOURCE_DIR) + "/tests/fixtures/watch/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    const std::string key = "{{BASE}}";
    for (size_t p = s.find(key); p != std::string::npos; p = s.find(key, p)) s.replace(p, key.size(), base());
    return s;
  }
  // Serves `name` at `path` with an ETag; answers 304 when the client sends it back.
  void ServeFixture(const std::string& path, const std::string& name, const std::string& type) {
    const std::string body = Fixture(name);
    const std::string etag = "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
    http_.Get(path, [body, etag, type](const httplib::Request& req, httplib::Response& res) {
      res.set_header("ETag", etag);
      if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
      }
      res.set_content(body, type.c_str());
    });
  }

 private:
  httplib::Server http_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::vector<Hit> hits_;
};

// Sleeps up to `ms`, returning early once the server is stopping (keeps teardown fast).
inline void SleepUnlessStopping(const FeedServer& s, int ms) {
  for (int i = 0; i < ms / 10 && !s.stopping().load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

}  // namespace riwaya::testing
