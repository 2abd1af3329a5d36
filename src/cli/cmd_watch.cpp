// riwaya watch: follow the outlets' RSS/Atom feeds and ingest new articles.
// Polls politely (conditional GET, one request per host per delay, backoff on
// errors), prints one line per poll on stderr and a summary on exit.
#include <signal.h>

#include <cstdio>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/signals.h"
#include "cli/command.h"
#include "engine/article_json.h"
#include "watch/feed_list.h"
#include "watch/watcher.h"

namespace riwaya::cli {

namespace {

struct WatchArgs {
  std::string opml;
  bool once = false;
  double interval = 900;
  double per_host_delay = 5;
  int timeout = 30;
  bool json = false;
};

int Run(const GlobalOptions& g, const WatchArgs& args) {
  const std::string opml = watch::FindFeedList(args.opml);
  if (opml.empty())
    return ReportError("watch", Status::NotFound("no config/feeds.opml near the current directory or the binary; "
                                                 "give one with --opml FILE"));
  auto feeds = watch::ReadFeedList(opml);
  if (!feeds.ok()) return ReportError("watch", feeds.status());

  // Only the waiter thread below takes SIGINT/SIGTERM: block them before any thread starts.
  const sigset_t sigs = BlockTerminationSignals();

  auto eng = OpenEngine(g, /*read_only=*/false);
  if (!eng.ok()) return ReportError("watch", eng.status());

  watch::WatchOptions wo;
  wo.state_path = watch::StatePath(g.data_dir);
  wo.interval_seconds = args.interval;
  wo.per_host_delay_seconds = args.per_host_delay;
  wo.fetch.total_timeout_ms = static_cast<long>(args.timeout) * 1000;
  wo.fetch.connect_timeout_ms = std::min<long>(10000, wo.fetch.total_timeout_ms);
  wo.log = [](const std::string& line) {
    fmt::print(stderr, "{}\n", line);
    std::fflush(stderr);
  };
  const size_t nfeeds = feeds->size();
  auto w = watch::Watcher::Open(eng->get(), std::move(feeds.value()), wo);
  if (!w.ok()) return ReportError("watch", w.status());
  watch::Watcher& watcher = **w;

  std::thread waiter([&watcher, sigs] {
    int sig = 0;
    sigwait(&sigs, &sig);
    watcher.Stop();
  });
  fmt::print(stderr, "riwaya watch: {} feeds from {}{}; state in {}\n", nfeeds, opml,
             args.once ? ", polling each once" : fmt::format(", every {:g} s (Ctrl-C stops)", args.interval),
             wo.state_path);
  if (args.once) {
    watcher.PollAll();
  } else {
    watcher.Run();
  }
  pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter when we ended on our own
  waiter.join();

  const watch::WatchTotals t = watcher.totals();
  const auto snap = watcher.Snapshot();
  int64_t no_network = 0;
  for (const auto& s : snap) no_network += s.last_error.find("no network") != std::string::npos;
  const int64_t pending = static_cast<int64_t>(watcher.pending().size());
  if (args.json) {
    nlohmann::json j;
    j["polls"] = t.polls;
    j["ok"] = t.ok;
    j["failed"] = t.failed;
    j["not_modified"] = t.not_modified;
    j["new_items"] = t.new_items;
    j["added"] = t.added;
    j["pages_fetched"] = t.pages_fetched;
    j["pages_failed"] = t.pages_failed;
    j["pages_dropped"] = t.pages_dropped;
    j["pages_pending"] = pending;
    j["feeds"] = nlohmann::json::array();
    for (const auto& s : snap) j["feeds"].push_back(watch::FeedStateJson(s));
    fmt::print("{}\n", engine::Dump(j, 2));
  } else {
    fmt::print("watched {} feeds: {} polls, {} ok ({} not modified), {} failed{}; {} new items, {} articles added, "
               "{} pages fetched, {} pages waiting for a retry\n",
               nfeeds, Thousands(t.polls), Thousands(t.ok), Thousands(t.not_modified), Thousands(t.failed),
               no_network ? fmt::format(" ({} without network)", no_network) : std::string(),
               Thousands(t.new_items), Thousands(t.added), Thousands(t.pages_fetched), Thousands(pending));
  }
  return t.failed > 0 && args.once ? kExitPartial : kExitOk;
}

}  // namespace

void RegisterWatch(Commands& c) {
  auto args = std::make_shared<WatchArgs>();
  const GlobalOptions& g = c.global();
  CLI::App* sub = c.Add("watch", "Follow the outlets' RSS/Atom feeds and ingest new articles",
                        [args, &g] { return Run(g, *args); });
  sub->add_option("--opml", args->opml, "feed list (default: config/feeds.opml near the current directory or the binary)");
  sub->add_flag("--once", args->once, "poll every feed once, fetch the new items' pages, then exit");
  sub->add_option("--interval", args->interval, "seconds between polls of a healthy feed (default 900)")
      ->check(CLI::Range(1.0, 7 * 86400.0));
  sub->add_option("--per-host-delay", args->per_host_delay,
                  "at least this many seconds between two requests to one host (default 5)")
      ->check(CLI::Range(0.0, 3600.0));
  sub->add_option("--timeout", args->timeout, "seconds one request may take (default 30)")->check(CLI::Range(1, 600));
  sub->add_flag("--json", args->json, "print the summary and each feed's health as JSON on stdout");
  sub->footer(
      "Each poll asks the feed with If-None-Match / If-Modified-Since (304 = nothing new), stores items\n"
      "that carry their text, and fetches the page of every item not seen before, extracts it and stores\n"
      "it (the item's outlet, title and date fill what the page lacks). A page that fails is retried on\n"
      "the next polls (3 attempts). A failing feed is retried after 1×, 2×, 4× ... the interval (at most\n"
      "6 h); each failure is said once per feed, e.g. 'no network'. State (validators, seen items, health)\n"
      "is kept in <data>/feeds-state.json. One line per poll on stderr, a summary on stdout.\n"
      "While `riwaya serve` holds the data directory, run `riwaya serve --watch` instead.\n"
      "Exit: 0 ok, 3 some feed failed (--once), 1 error. docs/watch.md explains more.\n\n"
      "Examples:\n"
      "  riwaya --data ./data watch --once                 # الأخبار الجديدة مرة واحدة ثم الخروج\n"
      "  riwaya --data ./data watch --interval 600 --per-host-delay 10\n"
      "  riwaya --data ./data serve --watch                # the same, behind the web reader");
}

}  // namespace riwaya::cli
