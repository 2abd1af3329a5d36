// riwaya serve: the HTTP API and the web reader over the data directory.
#include <mutex>
#include <thread>

#include <fmt/core.h>

#include "cli/command.h"
#include "server/serve.h"
#include "watch/feed_list.h"
#include "watch/watcher.h"

namespace riwaya::cli {

namespace {

struct ServeArgs {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web;
  bool watch = false;
  std::string opml;
};

// The watcher running beside the server: created once the engine is open.
struct BackgroundWatch {
  std::mutex mu;
  std::unique_ptr<watch::Watcher> watcher;
  std::thread thread;
};

std::vector<server::FeedHealth> Health(BackgroundWatch& bg) {
  std::vector<server::FeedHealth> out;
  std::lock_guard<std::mutex> g(bg.mu);
  if (!bg.watcher) return out;
  for (const watch::FeedState& s : bg.watcher->Snapshot()) {
    server::FeedHealth h;
    h.url = s.url;
    h.title = s.title;
    h.outlet = s.outlet;
    h.last_success = s.last_success;
    h.last_attempt = s.last_attempt;
    h.last_error = s.last_error;
    h.items_seen = s.items_seen;
    h.consecutive_failures = s.consecutive_failures;
    h.next_poll = s.next_poll;
    h.articles_added = s.articles_added;
    out.push_back(std::move(h));
  }
  return out;
}

// Starts the watcher on its own thread; returns how to stop it. A missing or
// bad feed list only warns: the archive is still served.
std::function<void()> StartWatch(const std::shared_ptr<BackgroundWatch>& bg, engine::Engine& engine,
                                 const std::string& data_dir, const std::string& opml_arg) {
  const std::string opml = watch::FindFeedList(opml_arg);
  if (opml.empty()) {
    fmt::print(stderr, "riwaya serve: --watch: no config/feeds.opml found (give --opml FILE); serving without it\n");
    return {};
  }
  auto feeds = watch::ReadFeedList(opml);
  if (!feeds.ok()) {
    fmt::print(stderr, "riwaya serve: --watch: {}; serving without it\n", feeds.status().message());
    return {};
  }
  watch::WatchOptions wo;
  wo.state_path = watch::StatePath(data_dir);
  wo.log = [](const std::string& line) {
    fmt::print(stderr, "{}\n", line);
    std::fflush(stderr);
  };
  const size_t n = feeds->size();
  auto w = watch::Watcher::Open(&engine, std::move(feeds.value()), wo);
  if (!w.ok()) {
    fmt::print(stderr, "riwaya serve: --watch: {}; serving without it\n", w.status().message());
    return {};
  }
  fmt::print(stderr, "riwaya: watching {} feeds from {} (health at /api/feeds)\n", n, opml);
  std::lock_guard<std::mutex> g(bg->mu);
  bg->watcher = std::move(w.value());
  watch::Watcher* raw = bg->watcher.get();
  bg->thread = std::thread([raw] { raw->Run(); });
  return [bg, raw] {
    raw->Stop();
    if (bg->thread.joinable()) bg->thread.join();
  };
}

int Run(const GlobalOptions& g, const ServeArgs& args) {
  server::ServeOptions o;
  o.data_dir = g.data_dir;
  o.host = args.host;
  o.port = args.port;
  o.web_root = args.web;
  if (args.watch) {
    auto bg = std::make_shared<BackgroundWatch>();
    o.feeds = [bg] { return Health(*bg); };
    const std::string data_dir = g.data_dir, opml = args.opml;
    o.start_background = [bg, data_dir, opml](engine::Engine& e) { return StartWatch(bg, e, data_dir, opml); };
  }
  Status st = server::Serve(o);
  if (!st.ok()) return ReportError("serve", st);
  return kExitOk;
}

}  // namespace

void RegisterServe(Commands& c) {
  auto args = std::make_shared<ServeArgs>();
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("serve", "Serve the HTTP API and the web reader", [args, &g] { return Run(g, *args); });
  sub->add_option("--host", args->host, "address to listen on (default 127.0.0.1)");
  sub->add_option("--port", args->port, "port (default 8080; 0 picks a free port and prints it)")
      ->check(CLI::Range(0, 65535));
  sub->add_option("--web", args->web, "built web reader (default: web/dist near the current directory or the binary)");
  sub->add_flag("--watch", args->watch, "also follow the feeds in config/feeds.opml (see `riwaya watch --help`)");
  sub->add_option("--opml", args->opml, "feed list for --watch (default: config/feeds.opml near the current directory or the binary)");
  sub->footer(
      "Prints 'riwaya: serving on http://HOST:PORT/' once listening; stops on Ctrl-C / SIGTERM.\n"
      "POST /api/ingest needs 'Authorization: Bearer TOKEN' with the token from $RIWAYA_API_TOKEN or\n"
      "<data>/api-token (created with mode 0600 on first serve). API reference: docs/api.md.\n\n"
      "Example:\n"
      "  riwaya --data ./data serve --port 8080    # then open http://127.0.0.1:8080/");
}

}  // namespace riwaya::cli
