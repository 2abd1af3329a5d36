// Fetcher: one polite HTTP GET with libcurl. Conditional requests (ETag /
// Last-Modified → 304), connect/total/low-speed timeouts, a body size cap, a
// redirect limit, gzip accepted, a User-Agent naming riwaya. Never throws:
// every failure comes back classified (no network, timeout, too large, ...).
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

namespace riwaya::watch {

struct FetcherOptions {
  std::string user_agent = "riwaya-watch/0.1 (Arabic news observatory; polite feed reader)";
  long connect_timeout_ms = 10000;
  long total_timeout_ms = 60000;
  long low_speed_bytes = 64;     // slower than this many bytes/s ...
  long low_speed_seconds = 20;   // ... for this long aborts the transfer
  size_t max_body_bytes = 8u << 20;
  long max_redirects = 5;
};

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when set
  std::string last_modified;  // sent as If-Modified-Since when set
};

enum class FetchError {
  kNone,
  kNoNetwork,     // cannot resolve or connect: the host is unreachable from here
  kTimeout,
  kTooLarge,      // body exceeded max_body_bytes: cut and dropped
  kRedirectLoop,  // more than max_redirects redirects
  kHttpStatus,    // 4xx / 5xx
  kAborted,       // Stop() was asked during the transfer
  kOther,
};
const char* FetchErrorName(FetchError e);

struct FetchResponse {
  FetchError error = FetchError::kNone;
  std::string message;      // human, names the URL; empty when ok
  long status = 0;          // last HTTP status, 0 if none
  bool not_modified = false;  // 304: validators still good, body empty
  std::string body;
  std::string etag, last_modified;  // validators of the final response
  std::string final_url;            // after redirects
  std::string content_type;
  bool ok() const { return error == FetchError::kNone; }
};

class Fetcher {
 public:
  explicit Fetcher(FetcherOptions options = {});
  // `stop`, when given, aborts the transfer promptly once it becomes true.
  FetchResponse Fetch(const FetchRequest& request, const std::atomic<bool>* stop = nullptr) const;
  const FetcherOptions& options() const { return options_; }

 private:
  FetcherOptions options_;
};

}  // namespace riwaya::watch
