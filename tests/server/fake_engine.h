// FakeEngine: an in-memory engine::Engine for server tests, so the HTTP layer
// is tested on its own. Ingest takes the first line as the title and the rest
// as one paragraph; Search matches titles by substring and reports spans.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "engine/engine.h"

namespace riwaya::server::testing {

class FakeEngine : public engine::Engine {
 public:
  // Adds an article directly (test setup).
  model::Article& Add(const std::string& title, const std::string& outlet, const std::string& body,
                      int64_t epoch) {
    std::lock_guard<std::mutex> lock(mu_);
    model::Article a;
    a.key = "fake:" + std::to_string(next_seq_) + title;
    a.id = model::IdForKey(a.key);
    a.seq = next_seq_++;
    a.title = title;
    a.outlet = outlet;
    a.category = "سياسة";
    a.paragraphs = {body};
    a.published.known = epoch != 0;
    a.published.epoch_seconds = epoch;
    a.published.original = "original-date";
    a.published.source = model::DateSource::kTextLabel;
    auto& ref = articles_[a.id];
    ref = std::move(a);
    return ref;
  }

  Result<engine::IngestReport> IngestPaths(const std::vector<std::string>&, const engine::IngestOptions&) override {
    return Status::Unsupported("fake");
  }

  Result<engine::IngestReport> IngestBytes(std::string_view bytes, std::string_view name) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_ingest_name_ = std::string(name);
    }
    engine::IngestReport rep;
    rep.bytes = bytes.size();
    std::string s(bytes);
    auto nl = s.find('\n');
    std::string title = s.substr(0, nl);
    if (title.empty()) {
      rep.rejected = 1;
      rep.rejections.push_back({std::string(name), "line 1", "no title"});
      return rep;
    }
    Add(title, "api", nl == std::string::npos ? "" : s.substr(nl + 1), 0);
    rep.added = 1;
    return rep;
  }

  Result<model::Article> GetArticle(std::string_view id) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = articles_.find(std::string(id));
    if (it == articles_.end()) return Status::NotFound("article " + std::string(id));
    return it->second;
  }
  Result<std::vector<model::Article>> Copies(std::string_view id) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<model::Article> out;
    for (const auto& [k, a] : articles_)
      if (k != id && a.fingerprint == "copy-of:" + std::string(id)) out.push_back(a);
    return out;
  }
  Result<std::vector<model::Article>> Related(std::string_view id) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<model::Article> out;
    auto it = articles_.find(std::string(id));
    if (it == articles_.end()) return out;
    for (const auto& [k, a] : articles_)
      if (!a.related_to.empty() && a.related_to == it->second.key) out.push_back(a);
    return out;
  }

  Result<engine::SearchResult> Search(const engine::SearchRequest& req) override {
    if (req.query == "غير_مدعوم") return Status::Unsupported("search is not wired to the index yet");
    if (req.query.rfind("AND", 0) == 0) return Status::Invalid("q: position 0: operator without a left operand");
    std::lock_guard<std::mutex> lock(mu_);
    last_request_ = req;
    engine::SearchResult r;
    std::map<std::string, int64_t> outlets;
    for (const auto& [id, a] : articles_) {
      auto pos = a.title.find(req.query);
      if (req.query.empty() || pos == std::string::npos) continue;
      if (!req.outlet.empty() && a.outlet != req.outlet) continue;
      ++r.total;
      ++outlets[a.outlet];
      engine::SearchHit h;
      h.article = a;
      h.article.paragraphs.clear();
      h.title_highlights.push_back({static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + req.query.size())});
      h.snippet = a.Body().substr(0, 200);
      h.snippet_highlights = snippet_spans_;
      r.hits.push_back(std::move(h));
    }
    for (const auto& [o, n] : outlets) r.outlets.push_back({o, n});
    r.histogram.push_back({"2024-06-01", r.total});
    return r;
  }

  Result<engine::Stats> GetStats() override {
    std::lock_guard<std::mutex> lock(mu_);
    engine::Stats s;
    s.articles = static_cast<int64_t>(articles_.size());
    s.last_seq = next_seq_ - 1;
    std::map<std::string, int64_t> per;
    for (const auto& [id, a] : articles_) ++per[a.outlet];
    for (const auto& [o, n] : per) s.outlets.push_back({o, n, {{"2024-06", n}}});
    return s;
  }
  Status Reindex(const std::function<void(const engine::Progress&)>&) override { return Status::Ok(); }

  engine::SearchRequest last_request() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_request_;
  }
  std::string last_ingest_name() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_ingest_name_;
  }
  void set_snippet_spans(std::vector<engine::Span> s) {
    std::lock_guard<std::mutex> lock(mu_);
    snippet_spans_ = std::move(s);
  }

 private:
  std::mutex mu_;
  std::map<std::string, model::Article> articles_;
  int64_t next_seq_ = 1;
  engine::SearchRequest last_request_;
  std::string last_ingest_name_;
  std::vector<engine::Span> snippet_spans_;
};

}  // namespace riwaya::server::testing
