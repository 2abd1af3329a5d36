// Server: the riwaya HTTP API (docs/api.md) and the web reader's static files
// over one engine::Engine. Every error is JSON {error:{code,message[,position]}}.
// Bodies are size-limited, sockets time out, static paths cannot leave the web
// root, and POST /api/ingest requires the bearer token. Handlers run on a
// thread pool; thread safety of data access is the engine's promise.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/engine.h"

namespace riwaya::server {

// Health of one polled feed, as reported by the feed watcher (if any).
struct FeedHealth {
  std::string url, title, outlet;
  int64_t last_success = 0;  // epoch seconds, 0 = never
  int64_t last_attempt = 0;
  std::string last_error;
  int64_t items_seen = 0;
  int64_t consecutive_failures = 0;
  int64_t next_poll = 0;       // epoch seconds, 0 = not scheduled
  int64_t articles_added = 0;  // new articles stored from this feed
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                        // 0 = pick a free port (see Server::port())
  std::string web_root;                   // built web/dist; empty = API only
  std::string api_token;                  // empty = ingest over HTTP disabled (403)
  size_t max_body_bytes = 16u << 20;      // POST /api/ingest payload limit
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  // httplib 0.11 gives each keep-alive connection a pool thread until it
  // closes: connections beyond this count wait, unanswered (bench/load.sh).
  int threads = 256;
  std::function<std::vector<FeedHealth>()> feeds;  // GET /api/feeds; null = none
};

class Server {
 public:
  // `engine` must outlive the server.
  Server(engine::Engine* engine, ServerOptions options);
  ~Server();  // stops and joins
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the socket; after success port() is the bound port.
  Status Bind();
  // Serves until Stop(); Bind() first.
  Status Run();
  // Bind() + Run() on a background thread; returns once accepting.
  Status Start();
  void Stop();
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3.0 description served at /api/openapi.json.
std::string OpenApiJson();

}  // namespace riwaya::server
