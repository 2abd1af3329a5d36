#include "watch/state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace riwaya::watch {

namespace {

using json = nlohmann::json;

json DateJson(const model::PublishedDate& d) {
  if (!d.known) return json::object();
  return {{"epoch", d.epoch_seconds}, {"date_only", d.date_only}, {"original", d.original},
          {"source", static_cast<int>(d.source)}};
}

model::PublishedDate DateFrom(const json& j) {
  model::PublishedDate d;
  if (!j.is_object() || !j.contains("epoch")) return d;
  d.known = true;
  d.epoch_seconds = j.value("epoch", int64_t{0});
  d.date_only = j.value("date_only", false);
  d.original = j.value("original", std::string());
  const int s = j.value("source", 0);
  d.source = s >= 0 && s <= static_cast<int>(model::DateSource::kFeed) ? static_cast<model::DateSource>(s)
                                                                        : model::DateSource::kFeed;
  return d;
}

Status Errno(const std::string& what, const std::string& path) {
  return Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

bool SeenSet::Insert(const std::string& key) {
  if (!set_.insert(key).second) return false;
  order_.push_back(key);
  while (order_.size() > capacity_) {
    set_.erase(order_.front());
    order_.pop_front();
  }
  return true;
}

void SeenSet::set_capacity(size_t c) {
  capacity_ = c ? c : 1;
  while (order_.size() > capacity_) {
    set_.erase(order_.front());
    order_.pop_front();
  }
}

Result<WatchState> WatchState::Load(const std::string& path, size_t seen_capacity) {
  WatchState st;
  st.seen.set_capacity(seen_capacity);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return st;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read watch state " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Status::Corrupt("watch state " + path + " is not valid JSON (delete it to start afresh)");
  if (j.value("version", 0) != kStateVersion)
    return Status::Unsupported("watch state " + path + " has version " + std::to_string(j.value("version", 0)) +
                               ", expected " + std::to_string(kStateVersion));
  try {
    for (const json& f : j.value("feeds", json::array())) {
      FeedState s;
      s.url = f.value("url", std::string());
      if (s.url.empty()) continue;
      s.title = f.value("title", std::string());
      s.outlet = f.value("outlet", std::string());
      s.last_success = f.value("last_success", int64_t{0});
      s.last_attempt = f.value("last_attempt", int64_t{0});
      s.next_poll = f.value("next_poll", int64_t{0});
      s.last_error = f.value("last_error", std::string());
      s.items_seen = f.value("items_seen", int64_t{0});
      s.articles_added = f.value("articles_added", int64_t{0});
      s.consecutive_failures = f.value("consecutive_failures", int64_t{0});
      s.etag = f.value("etag", std::string());
      s.last_modified = f.value("last_modified", std::string());
      st.feeds[s.url] = std::move(s);
    }
    for (const json& u : j.value("seen", json::array()))
      if (u.is_string()) st.seen.Insert(u.get<std::string>());
    for (const json& p : j.value("pending", json::array())) {
      PendingPage pp;
      pp.url = p.value("url", std::string());
      if (pp.url.empty()) continue;
      pp.feed = p.value("feed", std::string());
      pp.title = p.value("title", std::string());
      pp.outlet = p.value("outlet", std::string());
      pp.published = DateFrom(p.value("published", json::object()));
      pp.attempts = p.value("attempts", 0);
      pp.last_error = p.value("last_error", std::string());
      st.pending.push_back(std::move(pp));
    }
  } catch (const json::exception& e) {
    // Wrong field types: say so rather than guess.
    return Status::Corrupt("watch state " + path + ": " + e.what());
  }
  return st;
}

json FeedStateJson(const FeedState& s) {
  return {{"url", s.url},
          {"title", s.title},
          {"outlet", s.outlet},
          {"last_success", s.last_success},
          {"last_attempt", s.last_attempt},
          {"next_poll", s.next_poll},
          {"last_error", s.last_error},
          {"items_seen", s.items_seen},
          {"articles_added", s.articles_added},
          {"consecutive_failures", s.consecutive_failures}};
}

Status WatchState::Save(const std::string& path) const {
  json j;
  j["version"] = kStateVersion;
  json feeds_j = json::array();
  for (const auto& [url, s] : feeds) {
    json f = FeedStateJson(s);
    f["etag"] = s.etag;
    f["last_modified"] = s.last_modified;
    feeds_j.push_back(std::move(f));
  }
  j["feeds"] = std::move(feeds_j);
  json seen_j = json::array();
  for (const std::string& u : seen.items()) seen_j.push_back(u);
  j["seen"] = std::move(seen_j);
  json pend = json::array();
  for (const PendingPage& p : pending) {
    pend.push_back({{"url", p.url},
                    {"feed", p.feed},
                    {"title", p.title},
                    {"outlet", p.outlet},
                    {"published", DateJson(p.published)},
                    {"attempts", p.attempts},
                    {"last_error", p.last_error}});
  }
  j["pending"] = std::move(pend);
  // Invalid UTF-8 from a hostile feed must not make dump() throw.
  const std::string text = j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";

  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", tmp);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = Errno("cannot write", tmp);
      ::close(fd);
      return s;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Status s = Errno("cannot fsync", tmp);
    ::close(fd);
    return s;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno("cannot rename onto", path);
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);  // the rename itself survives a power cut
    ::close(dfd);
  }
  return Status::Ok();
}

}  // namespace riwaya::watch
