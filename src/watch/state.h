// WatchState: what the feed watcher remembers between runs: each feed's health
// record and conditional-GET validators, the item URLs already handled (a
// bounded FIFO set), and item pages still to fetch. Saved as versioned JSON,
// atomically (temp + fsync + rename), so a crash leaves the old or the new file.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "model/article.h"

namespace riwaya::watch {

// Health of one feed. Times are epoch seconds, 0 = never.
struct FeedState {
  std::string url;
  std::string title;   // the feed's own title (channel/feed <title>)
  std::string outlet;  // the name the feed list gives it
  int64_t last_success = 0;
  int64_t last_attempt = 0;
  int64_t next_poll = 0;
  std::string last_error;  // empty after a success
  int64_t items_seen = 0;  // distinct new items found over time
  int64_t articles_added = 0;
  int64_t consecutive_failures = 0;
  std::string etag, last_modified;
};

// An item page still to fetch: kept until it is ingested or runs out of attempts.
struct PendingPage {
  std::string url;
  std::string feed;    // feed url that listed it
  std::string title;   // the item's title: fallback when the page lacks one
  std::string outlet;  // fallback outlet
  model::PublishedDate published;  // the item's date: fallback
  int attempts = 0;
  std::string last_error;
};

// Insertion-ordered set with a capacity: the oldest entries leave first.
class SeenSet {
 public:
  explicit SeenSet(size_t capacity = 50000) : capacity_(capacity ? capacity : 1) {}
  bool Contains(const std::string& key) const { return set_.count(key) != 0; }
  // False if already present.
  bool Insert(const std::string& key);
  size_t size() const { return order_.size(); }
  void set_capacity(size_t c);
  const std::deque<std::string>& items() const { return order_; }

 private:
  size_t capacity_;
  std::deque<std::string> order_;
  std::unordered_set<std::string> set_;
};

// A feed's health as JSON (what `riwaya watch --json` prints); the state
// file adds the conditional-GET validators to it.
nlohmann::json FeedStateJson(const FeedState& s);

struct WatchState {
  std::map<std::string, FeedState> feeds;  // by url
  SeenSet seen;
  std::vector<PendingPage> pending;

  // A missing file is an empty state; a corrupt one is an error naming it.
  static Result<WatchState> Load(const std::string& path, size_t seen_capacity = 50000);
  Status Save(const std::string& path) const;
};

inline constexpr int kStateVersion = 1;

}  // namespace riwaya::watch
