// Watcher: follows a list of feeds. Each poll fetches a feed conditionally,
// parses it, stores items that carry their text, and for every item not seen
// before fetches its page, extracts it and stores it with the item's outlet,
// title and date as fallbacks. Pages that fail are retried on later polls (a
// few times). Politeness: one request per host per delay, per-feed interval,
// exponential backoff on errors. Health and memory persist in the state file.
// Poll/PollAll/Run run on one thread at a time; Snapshot and Stop from any.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/engine.h"
#include "watch/feed_list.h"
#include "watch/fetcher.h"
#include "watch/politeness.h"
#include "watch/state.h"

namespace riwaya::watch {

struct WatchOptions {
  std::string state_path;              // <data>/feeds-state.json; empty = nothing persisted
  double interval_seconds = 900;       // between polls of a healthy feed
  double per_host_delay_seconds = 5;   // at most one request per host per this long
  double backoff_base_seconds = 0;     // first retry after an error; 0 = interval
  double backoff_cap_seconds = 6 * 3600;
  int max_page_attempts = 3;           // an item page is dropped after this many failures
  int max_pages_per_poll = 30;         // item pages fetched per feed poll (the rest wait)
  size_t max_seen = 50000;             // remembered item URLs
  FetcherOptions fetch;
  std::function<void(const std::string&)> log;  // one line per event; null = silent
};

// Where the watcher keeps its state inside a data directory.
std::string StatePath(const std::string& data_dir);

struct PollReport {
  std::string url, name;
  bool ok = false;
  bool not_modified = false;
  bool stopped = false;        // Stop() interrupted the poll: nothing recorded
  FetchError error_kind = FetchError::kNone;
  std::string error;           // empty when ok
  int64_t items = 0;           // items in the feed document
  int64_t new_items = 0;       // not seen before
  int64_t added = 0;           // articles newly stored (feed items + pages)
  int64_t pages_fetched = 0, pages_failed = 0, pages_dropped = 0;
};

struct WatchTotals {
  int64_t polls = 0, ok = 0, failed = 0, not_modified = 0;
  int64_t new_items = 0, added = 0, pages_fetched = 0, pages_failed = 0, pages_dropped = 0;
};

class Watcher {
 public:
  // Loads the state file (validators, seen items, pending pages). `engine` must outlive the watcher.
  static Result<std::unique_ptr<Watcher>> Open(engine::Engine* engine, std::vector<FeedSpec> feeds,
                                               WatchOptions options);

  // Polls one feed now (ignoring its schedule, not the host delay).
  PollReport Poll(const std::string& url);
  // Polls every feed once, in list order.
  std::vector<PollReport> PollAll();
  // Polls each feed when it is due until Stop().
  void Run();
  // Ends Run/PollAll promptly: interrupts waits and transfers. Thread-safe.
  void Stop();
  bool stopped() const { return waker_.stopped(); }

  std::vector<FeedState> Snapshot() const;  // in list order
  WatchTotals totals() const;
  std::vector<PendingPage> pending() const;

 private:
  Watcher(engine::Engine* engine, std::vector<FeedSpec> feeds, WatchOptions options);
  void Log(const std::string& line) const;
  // Item pages listed by `feed_url` that are still to fetch.
  void FetchPages(const std::string& feed_url, PollReport& report);
  void Record(const PollReport& report, const FetchResponse* validators, const std::string& title);
  void SaveLocked();

  engine::Engine* engine_;
  std::vector<FeedSpec> feeds_;
  WatchOptions options_;
  Fetcher fetcher_;
  Waker waker_;
  HostGate gate_;
  mutable std::mutex mu_;  // state_, totals_, logged_
  WatchState state_;
  WatchTotals totals_;
  std::map<std::string, std::string> logged_;  // feed -> kind of the last failure said
};

}  // namespace riwaya::watch
