// Searcher: a read-only, immutable view of the index at one commit. It keeps
// its segments mapped for as long as it lives, whatever writers do meanwhile,
// and is safe to use from many threads at once. Ranking is BM25F with a title
// boost; top-k is exact (MaxScore pruning returns the exhaustive top-k, ties
// broken by ascending seq). Copies collapse under their first article.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "index/document.h"
#include "index/query.h"
#include "index/segment.h"
#include "text/analyzer.h"

namespace riwaya::index {

struct SearchOptions {
  size_t offset = 0;
  size_t limit = 10;
  enum class Sort : uint8_t { kRelevance, kDate } sort = Sort::kRelevance;  // date: newest first
  // Facets and exact totals need every match; without them a relevance
  // query may stop scoring documents that cannot reach the top-k.
  bool facets = false;
  bool exact_total = true;
  enum class Histogram : uint8_t { kDay, kWeek, kMonth } histogram = Histogram::kMonth;
  bool collapse_copies = true;
  // Extra filters ANDed with the query (empty/kNoDate = open).
  std::string outlet, category;
  int64_t from = kNoDate, to = kNoDate;  // inclusive epoch seconds
};

struct Hit {
  uint32_t seq = 0;
  double score = 0;
  int64_t date = kNoDate;
  uint32_t copies = 0;  // live exact copies collapsed under this article
};

struct FacetCount {
  std::string value;  // outlet/category name, or bucket start "YYYY-MM-DD"
  int64_t count = 0;
};

struct SearchResults {
  int64_t total = 0;        // matching articles after collapsing copies
  bool total_exact = true;  // false: `total` is a lower bound (pruned, no facets asked)
  std::vector<Hit> hits;
  std::vector<FacetCount> outlets, categories, histogram;
};

// One segment as a snapshot sees it: deletions are a bitset over local docids.
struct SegmentView {
  std::shared_ptr<SegmentReader> reader;
  std::shared_ptr<const std::vector<uint64_t>> deleted;  // may be null
};

class Searcher {
 public:
  Searcher(std::vector<SegmentView> segments, uint64_t last_seq, std::shared_ptr<const text::Analyzer> analyzer,
           Bm25fParams params);
  ~Searcher();

  Result<SearchResults> Search(const Query& query, const SearchOptions& options) const;
  // Parses with the index's analyzer, then searches.
  Result<SearchResults> Search(std::string_view query, const SearchOptions& options) const;
  Result<Query> Parse(std::string_view query) const { return ParseQuery(query, *analyzer_); }

  uint64_t last_seq() const { return last_seq_; }
  uint64_t num_docs() const { return live_docs_; }      // live (not deleted) documents
  uint64_t size_bytes() const;                          // segment bytes on disk
  size_t num_segments() const { return segs_.size(); }
  const text::Analyzer& analyzer() const { return *analyzer_; }
  const Bm25fParams& params() const { return params_; }

  struct Seg;  // per-segment state (norms, bitsets); defined in searcher.cpp

 private:
  std::vector<std::unique_ptr<Seg>> segs_;
  uint64_t last_seq_ = 0;
  uint64_t live_docs_ = 0;
  double n_docs_ = 0, avg_title_ = 0, avg_body_ = 0;
  std::shared_ptr<const text::Analyzer> analyzer_;
  Bm25fParams params_;
  std::unordered_map<uint32_t, uint32_t> copies_;  // original seq -> live copies
};

}  // namespace riwaya::index
