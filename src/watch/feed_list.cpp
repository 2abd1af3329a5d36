#include "watch/feed_list.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "ingest/feed.h"

namespace riwaya::watch {

namespace {

namespace fs = std::filesystem;

class FeedListSink : public ingest::Sink {
 public:
  void Article(model::Article&&) override {}
  void Reject(ingest::Rejection&& r) override {
    if (first_error.empty()) first_error = r.ToString();
  }
  void Fetch(ingest::FetchTask&& t) override {
    if (!t.is_feed || !seen_.insert(t.url).second) return;
    feeds.push_back({t.url, t.title});
  }
  std::vector<FeedSpec> feeds;
  std::string first_error;

 private:
  std::set<std::string> seen_;
};

}  // namespace

Result<std::vector<FeedSpec>> ReadFeedList(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read feed list " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string xml = ss.str();
  ingest::Source src;
  src.path = path;
  FeedListSink sink;
  ingest::ParseFeed(xml, src, sink);
  if (sink.feeds.empty()) {
    return Status::Invalid("feed list " + path + " names no feed (expected OPML outlines with xmlUrl)" +
                           (sink.first_error.empty() ? std::string() : ": " + sink.first_error));
  }
  return std::move(sink.feeds);
}

std::string FindFeedList(const std::string& explicit_path) {
  if (!explicit_path.empty()) return explicit_path;
  std::error_code ec;
  std::vector<fs::path> candidates = {fs::current_path(ec) / "config" / "feeds.opml"};
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path().parent_path() / "config" / "feeds.opml");
    candidates.push_back(exe.parent_path().parent_path().parent_path() / "config" / "feeds.opml");
  }
  for (const auto& c : candidates)
    if (fs::is_regular_file(c, ec)) return fs::weakly_canonical(c, ec).string();
  return {};
}

}  // namespace riwaya::watch
