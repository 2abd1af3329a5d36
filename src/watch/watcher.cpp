#include "watch/watcher.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>

#include "ingest/feed.h"
#include "ingest/html_page.h"

namespace riwaya::watch {

namespace {

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

// What a parser hands over for one document.
class CollectSink : public ingest::Sink {
 public:
  void Article(model::Article&& a) override { articles.push_back(std::move(a)); }
  void Reject(ingest::Rejection&& r) override { rejections.push_back(std::move(r)); }
  void Fetch(ingest::FetchTask&& t) override { tasks.push_back(std::move(t)); }
  std::vector<model::Article> articles;
  std::vector<ingest::Rejection> rejections;
  std::vector<ingest::FetchTask> tasks;
};

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string StatePath(const std::string& data_dir) {
  return (data_dir.empty() ? std::string(".") : data_dir) + "/feeds-state.json";
}

Watcher::Watcher(engine::Engine* engine, std::vector<FeedSpec> feeds, WatchOptions options)
    : engine_(engine),
      feeds_(std::move(feeds)),
      options_(std::move(options)),
      fetcher_(options_.fetch),
      gate_(options_.per_host_delay_seconds, &waker_) {}

Result<std::unique_ptr<Watcher>> Watcher::Open(engine::Engine* engine, std::vector<FeedSpec> feeds,
                                               WatchOptions options) {
  if (!engine) return Status::Invalid("watcher needs an engine");
  if (options.interval_seconds <= 0) return Status::Invalid("poll interval must be positive");
  if (options.per_host_delay_seconds < 0) return Status::Invalid("per-host delay must not be negative");
  if (options.backoff_base_seconds <= 0) options.backoff_base_seconds = options.interval_seconds;
  // A feed list may name a feed twice: poll it once.
  std::vector<FeedSpec> unique;
  for (FeedSpec& f : feeds)
    if (std::none_of(unique.begin(), unique.end(), [&](const FeedSpec& u) { return u.url == f.url; }))
      unique.push_back(std::move(f));
  std::unique_ptr<Watcher> w(new Watcher(engine, std::move(unique), std::move(options)));
  if (!w->options_.state_path.empty()) {
    auto st = WatchState::Load(w->options_.state_path, w->options_.max_seen);
    if (!st.ok()) return st.status();
    w->state_ = std::move(st.value());
  } else {
    w->state_.seen.set_capacity(w->options_.max_seen);
  }
  for (const FeedSpec& f : w->feeds_) {
    FeedState& s = w->state_.feeds[f.url];
    s.url = f.url;
    if (!f.title.empty()) s.outlet = f.title;
  }
  return w;
}

void Watcher::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

void Watcher::Stop() { waker_.Stop(); }

std::vector<FeedState> Watcher::Snapshot() const {
  std::lock_guard<std::mutex> g(mu_);
  std::vector<FeedState> out;
  for (const FeedSpec& f : feeds_) {
    auto it = state_.feeds.find(f.url);
    if (it != state_.feeds.end()) out.push_back(it->second);
  }
  return out;
}

WatchTotals Watcher::totals() const {
  std::lock_guard<std::mutex> g(mu_);
  return totals_;
}

std::vector<PendingPage> Watcher::pending() const {
  std::lock_guard<std::mutex> g(mu_);
  return state_.pending;
}

void Watcher::SaveLocked() {
  if (options_.state_path.empty()) return;
  Status st = state_.Save(options_.state_path);
  if (!st.ok()) Log("watch: warning: cannot save state: " + st.message());
}

PollReport Watcher::Poll(const std::string& url) {
  PollReport rep;
  rep.url = url;
  FetchRequest req;
  req.url = url;
  {
    std::lock_guard<std::mutex> g(mu_);
    FeedState& s = state_.feeds[url];
    s.url = url;
    rep.name = !s.outlet.empty() ? s.outlet : (!s.title.empty() ? s.title : url);
    req.etag = s.etag;
    req.last_modified = s.last_modified;
  }
  if (!gate_.Acquire(url)) {
    rep.stopped = true;
    return rep;
  }
  FetchResponse resp = fetcher_.Fetch(req, waker_.flag());
  if (resp.error == FetchError::kAborted) {
    rep.stopped = true;
    return rep;
  }
  if (!resp.ok()) {
    rep.error_kind = resp.error;
    rep.error = resp.message;
    Record(rep, nullptr, {});
    return rep;
  }
  rep.ok = true;
  std::string title;
  if (resp.not_modified) {
    rep.not_modified = true;
  } else {
    const int64_t now = Now();
    ingest::Source src;
    src.path = url;
    src.url = url;
    src.kind = "feed";
    src.fetched_epoch = now;
    CollectSink sink;
    ingest::ParseFeed(resp.body, src, sink);
    rep.items = static_cast<int64_t>(sink.articles.size() + sink.tasks.size());
    if (rep.items == 0 && !sink.rejections.empty()) {
      rep.ok = false;
      rep.error_kind = FetchError::kOther;
      rep.error = "not a usable feed: " + sink.rejections.front().ToString();
      Record(rep, nullptr, {});
      return rep;
    }
    // The parser names the feed on what it emits (article outlet, task feed_title).
    for (const model::Article& a : sink.articles)
      if (title.empty()) title = a.outlet;
    for (const ingest::FetchTask& t : sink.tasks)
      if (title.empty()) title = t.feed_title;
    std::string outlet;
    std::vector<model::Article> fresh;
    {
      std::lock_guard<std::mutex> g(mu_);
      const FeedState& s = state_.feeds[url];
      outlet = !title.empty() ? title : s.outlet;
      for (model::Article& a : sink.articles) {
        if (!a.url.empty() && state_.seen.Contains(a.url)) continue;
        if (a.outlet.empty()) a.outlet = outlet;
        fresh.push_back(std::move(a));
      }
      for (ingest::FetchTask& t : sink.tasks) {
        if (t.is_feed || t.url.empty() || state_.seen.Contains(t.url)) continue;
        if (std::any_of(state_.pending.begin(), state_.pending.end(),
                        [&](const PendingPage& p) { return p.url == t.url; }))
          continue;
        PendingPage p;
        p.url = t.url;
        p.feed = url;
        p.title = t.title;
        p.outlet = outlet;
        p.published = t.published;
        state_.pending.push_back(std::move(p));
        ++rep.new_items;
      }
    }
    rep.new_items += static_cast<int64_t>(fresh.size());
    if (!fresh.empty()) {
      std::vector<std::string> urls;
      for (const model::Article& a : fresh) urls.push_back(a.url);
      auto r = engine_->IngestArticles(std::move(fresh), url);
      if (!r.ok()) {
        // The store refused: keep the validators unchanged so the items come again.
        rep.ok = false;
        rep.error_kind = FetchError::kOther;
        rep.error = url + ": cannot store items: " + r.status().message();
        Record(rep, nullptr, {});
        return rep;
      }
      rep.added += r->added;
      std::lock_guard<std::mutex> g(mu_);
      for (const std::string& u : urls)
        if (!u.empty()) state_.seen.Insert(u);
    }
  }
  FetchPages(url, rep);
  Record(rep, &resp, title);
  return rep;
}

void Watcher::FetchPages(const std::string& feed_url, PollReport& rep) {
  std::vector<PendingPage> todo;
  {
    std::lock_guard<std::mutex> g(mu_);
    for (const PendingPage& p : state_.pending)
      if (p.feed == feed_url && static_cast<int>(todo.size()) < options_.max_pages_per_poll) todo.push_back(p);
  }
  for (const PendingPage& p : todo) {
    if (waker_.stopped() || !gate_.Acquire(p.url)) return;  // still pending: nothing lost
    FetchRequest req;
    req.url = p.url;
    FetchResponse resp = fetcher_.Fetch(req, waker_.flag());
    if (resp.error == FetchError::kAborted) return;
    std::string error;
    int64_t added = 0;
    if (!resp.ok()) {
      error = resp.message;
    } else {
      ingest::Source src;
      src.path = p.url;
      src.url = p.url;
      src.kind = "http";
      src.fetched_epoch = Now();
      CollectSink sink;
      ingest::ParseHtmlPage(resp.body, src, sink);
      if (sink.articles.empty()) {
        error = p.url + ": no article found in the page" +
                (sink.rejections.empty() ? std::string() : " (" + sink.rejections.front().reason + ")");
      } else {
        for (model::Article& a : sink.articles) {
          // The page knows best; the feed item fills what the page leaves out.
          if (a.outlet.empty()) a.outlet = p.outlet;
          if (a.title.empty()) a.title = p.title;
          if (!a.published.known && p.published.known) a.published = p.published;
          if (a.url.empty()) a.url = p.url;
          a.crawled_epoch = src.fetched_epoch;
        }
        auto r = engine_->IngestArticles(std::move(sink.articles), p.url);
        if (!r.ok()) error = p.url + ": cannot store: " + r.status().message();
        else added = r->added;
      }
    }
    std::lock_guard<std::mutex> g(mu_);
    auto it = std::find_if(state_.pending.begin(), state_.pending.end(),
                           [&](const PendingPage& q) { return q.url == p.url; });
    if (it == state_.pending.end()) continue;
    if (error.empty()) {
      ++rep.pages_fetched;
      rep.added += added;
      state_.seen.Insert(p.url);
      state_.pending.erase(it);
      continue;
    }
    ++rep.pages_failed;
    it->attempts += 1;
    it->last_error = error;
    if (it->attempts >= options_.max_page_attempts) {
      ++rep.pages_dropped;
      Log("watch: giving up on " + p.url + " after " + std::to_string(it->attempts) + " attempts: " + error);
      state_.seen.Insert(p.url);  // do not list it again from the feed
      state_.pending.erase(it);
    }
  }
}

void Watcher::Record(const PollReport& rep, const FetchResponse* resp, const std::string& title) {
  const int64_t now = Now();
  std::string line;
  {
    std::lock_guard<std::mutex> g(mu_);
    FeedState& s = state_.feeds[rep.url];
    s.last_attempt = now;
    ++totals_.polls;
    totals_.new_items += rep.new_items;
    totals_.added += rep.added;
    totals_.pages_fetched += rep.pages_fetched;
    totals_.pages_failed += rep.pages_failed;
    totals_.pages_dropped += rep.pages_dropped;
    s.items_seen += rep.new_items;
    s.articles_added += rep.added;
    if (rep.ok) {
      ++totals_.ok;
      if (rep.not_modified) ++totals_.not_modified;
      s.last_success = now;
      s.last_error.clear();
      s.consecutive_failures = 0;
      s.next_poll = now + static_cast<int64_t>(options_.interval_seconds + 0.5);
      if (resp && !resp->not_modified) {
        // A server that stops sending validators gets unconditional requests.
        s.etag = resp->etag;
        s.last_modified = resp->last_modified;
      }
      if (!title.empty()) s.title = title;
      const bool recovered = logged_.erase(rep.url) > 0;
      if (rep.not_modified) {
        line = "watch: " + rep.name + ": not modified";
      } else {
        line = "watch: " + rep.name + ": " + Plural(rep.items, "item", "items") + ", " +
               std::to_string(rep.new_items) + " new";
      }
      if (rep.added || rep.pages_fetched || rep.pages_failed)
        line += ", " + Plural(rep.added, "article", "articles") + " added";
      if (rep.pages_failed)
        line += " (" + Plural(rep.pages_failed, "page", "pages") + " failed" +
                (rep.pages_dropped ? ", " + std::to_string(rep.pages_dropped) + " given up" : ", retried next poll") + ")";
      if (recovered) line += " (recovered)";
    } else {
      ++totals_.failed;
      s.consecutive_failures += 1;
      s.last_error = rep.error;
      const double wait = BackoffSeconds(s.consecutive_failures, options_.backoff_base_seconds,
                                         options_.backoff_cap_seconds);
      s.next_poll = now + static_cast<int64_t>(wait + 0.5);
      // Say each kind of failure once per feed, not at every retry.
      const std::string kind = FetchErrorName(rep.error_kind) + std::string(rep.error_kind == FetchError::kOther ? ":" + rep.error : "");
      auto [it, fresh] = logged_.emplace(rep.url, kind);
      if (fresh || it->second != kind) {
        it->second = kind;
        line = "watch: " + rep.name + ": " + rep.error + "; retrying with backoff";
      }
    }
    SaveLocked();
  }
  if (!line.empty()) Log(line);
}

std::vector<PollReport> Watcher::PollAll() {
  std::vector<PollReport> out;
  for (const FeedSpec& f : feeds_) {
    if (waker_.stopped()) break;
    out.push_back(Poll(f.url));
  }
  return out;
}

void Watcher::Run() {
  while (!waker_.stopped()) {
    std::string due_url;
    int64_t due = 0;
    {
      std::lock_guard<std::mutex> g(mu_);
      for (const FeedSpec& f : feeds_) {
        const int64_t np = state_.feeds[f.url].next_poll;
        if (due_url.empty() || np < due) {
          due_url = f.url;
          due = np;
        }
      }
    }
    if (due_url.empty()) {
      waker_.SleepFor(std::chrono::seconds(60));
      continue;
    }
    const int64_t now = Now();
    if (due > now) {
      // Wake at least once a minute: the wall clock may jump.
      waker_.SleepFor(std::chrono::seconds(std::min<int64_t>(due - now, 60)));
      continue;
    }
    Poll(due_url);
  }
}

}  // namespace riwaya::watch
