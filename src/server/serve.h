// Serve: what `riwaya serve` does, as a library call so the CLI stays thin.
// Opens the engine on the data directory, loads or creates the API token,
// finds the built web reader, listens, prints the URL, and serves until
// SIGINT/SIGTERM (handled on a dedicated thread with sigwait: no globals).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "server/server.h"

namespace riwaya::server {

struct ServeOptions {
  std::string data_dir = "./data";
  std::string host = "127.0.0.1";
  int port = 8080;                 // 0 = any free port (printed)
  std::string web_root;            // empty = look for web/dist near cwd / the binary
  // Optional feed watcher hook: started after the server listens, stopped on exit.
  std::function<std::vector<FeedHealth>()> feeds;
  // Optional background work on the open engine (the feed watcher): called once
  // the server is bound; returns how to stop it (called before Serve returns), or null.
  std::function<std::function<void()>(engine::Engine&)> start_background;
  std::function<void()> on_listening;  // tests: called once accepting
  std::function<void(const std::string&)> log;  // one line per event; default stderr
};

// Locates web/dist: `explicit_root` if set, else ./web/dist, else
// <binary dir>/../web/dist and <binary dir>/../../web/dist. Empty if none.
std::string FindWebRoot(const std::string& explicit_root);

// Blocks until a termination signal arrives; returns how serving ended.
Status Serve(const ServeOptions& options);

}  // namespace riwaya::server
