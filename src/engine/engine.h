// Engine: the facade the CLI, the server and tests call. It owns the data
// directory: the SQLite store (truth) and the index (derived, rebuilt from the
// store). All methods are thread-safe; readers never see a half-written batch.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "ingest/sink.h"
#include "model/article.h"

namespace riwaya::engine {

struct Progress {
  std::string input;        // current file
  uint64_t bytes_done = 0;  // over all inputs
  uint64_t bytes_total = 0;
  int64_t articles = 0;     // articles seen so far
  double seconds = 0;
};

struct IngestOptions {
  size_t batch_size = 1000;                           // articles per store transaction
  std::function<void(const Progress&)> on_progress;   // called at most ~10×/s
  // Files already ingested completely (same path, size and mtime in the
  // store's ingest log) are skipped unless `force`; their articles count as unchanged.
  bool force = false;
  // Outlet given to articles that name none (plain-text pages never do);
  // articles that name their outlet keep it. Empty = leave them unnamed.
  std::string default_outlet;
};

struct IngestReport {
  int64_t added = 0;      // new articles
  int64_t copies = 0;     // new articles whose body duplicates an earlier one
  int64_t unchanged = 0;  // already in the store (same key)
  int64_t rejected = 0;
  int64_t fetch_tasks = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  std::vector<ingest::Rejection> rejections;  // every rejection, in input order (first 100k)
  int64_t inputs = 0;          // files read
  int64_t skipped_inputs = 0;  // files skipped: already ingested completely
  int64_t skipped_articles = 0;  // their articles (included in `unchanged`)
};

struct SearchRequest {
  std::string query;           // docs/query.md
  std::string outlet;          // filter, exact outlet name; empty = all
  std::string category;
  int64_t from_epoch = 0;      // inclusive, 0 = open
  int64_t to_epoch = 0;        // inclusive, 0 = open
  enum class Sort { kRelevance, kDate } sort = Sort::kRelevance;
  int limit = 10;
  int offset = 0;
  std::string histogram = "month";  // "day", "week", "month"
};

struct Span { uint32_t begin = 0, end = 0; };  // byte offsets

struct SearchHit {
  model::Article article;        // paragraphs may be omitted; title/outlet/date filled
  double score = 0;
  std::string snippet;           // original text excerpt
  std::vector<Span> snippet_highlights;  // spans within `snippet`
  std::vector<Span> title_highlights;    // spans within article.title
  int64_t copies = 0;            // exact duplicates collapsed under this article
};

struct FacetCount { std::string value; int64_t count = 0; };

struct SearchResult {
  int64_t total = 0;             // matching articles (after collapsing copies)
  std::vector<SearchHit> hits;
  std::vector<FacetCount> outlets, categories;
  std::vector<FacetCount> histogram;  // value = bucket start "YYYY-MM-DD"
  int64_t micros = 0;
};

struct OutletStats { std::string outlet; int64_t articles = 0; std::vector<FacetCount> per_month; };
struct Stats {
  int64_t articles = 0, copies = 0, related = 0, undated = 0;
  int64_t last_seq = 0, indexed_seq = 0;
  std::vector<OutletStats> outlets;
};

class Engine {
 public:
  struct Options {
    std::string data_dir = "./data";
    bool read_only = false;
  };
  static Result<std::unique_ptr<Engine>> Open(const Options& options);
  virtual ~Engine() = default;

  // Parses and stores every article under `paths` (files, directories, .gz).
  virtual Result<IngestReport> IngestPaths(const std::vector<std::string>& paths,
                                           const IngestOptions& options) = 0;
  // Ingests one document given in memory (page text, HTML, JSON, feed).
  virtual Result<IngestReport> IngestBytes(std::string_view bytes, std::string_view name) = 0;

  // Stores articles parsed elsewhere (the feed watcher extracts pages itself to
  // fill gaps from the feed item); `name` labels the input in rejections.
  virtual Result<IngestReport> IngestArticles(std::vector<model::Article> /*articles*/, std::string_view /*name*/) {
    return Status::Unsupported("IngestArticles");
  }

  // `id` is the hex id or the decimal sequence number.
  virtual Result<model::Article> GetArticle(std::string_view id) = 0;
  // Articles that are exact copies of `id`, and articles related to it.
  virtual Result<std::vector<model::Article>> Copies(std::string_view id) = 0;
  virtual Result<std::vector<model::Article>> Related(std::string_view id) = 0;

  virtual Result<SearchResult> Search(const SearchRequest& request) = 0;
  virtual Result<Stats> GetStats() = 0;
  // Rebuilds the index from the store.
  virtual Status Reindex(const std::function<void(const Progress&)>& on_progress) = 0;

  // Streams stored articles with sequence > after_seq, in order, with the
  // sequence of the article each one copies (0 = original). Stops when fn returns false.
  virtual Status ForEachArticle(int64_t /*after_seq*/,
                                const std::function<bool(const model::Article&, int64_t)>& /*fn*/) {
    return Status::Unsupported("ForEachArticle");
  }
  // The sequence of the first article with the same body, 0 if `id` is an original.
  virtual Result<int64_t> CopyOf(std::string_view /*id*/) { return Status::Unsupported("CopyOf"); }
  // SQLite's PRAGMA integrity_check: "ok" when sound.
  virtual Result<std::string> IntegrityCheck() { return Status::Unsupported("IntegrityCheck"); }
};

}  // namespace riwaya::engine
