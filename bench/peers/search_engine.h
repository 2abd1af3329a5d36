// SearchEngine: the one interface behind which riwaya and its peers (Xapian,
// Lucene++, SQLite FTS5) are driven by the benchmarks and the retrieval eval.
// Every engine receives the same documents (title, abstract, text), applies its
// own Arabic analysis and answers the same OR / AND / phrase queries with a
// ranked top-k of the ordinals it was given. Errors never escape as exceptions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace riwaya::bench {

// One article as loaded for benchmarking: plain text, already decompressed.
struct BenchDoc {
  std::string id;
  std::string title;
  std::string abstract;
  std::string text;
  int64_t date = 0;  // epoch seconds, 0 = unknown
};

enum class QueryKind { kOr, kAnd, kPhrase };
const char* QueryKindName(QueryKind k);

// `text` is what a user typed (space-separated words); engines analyse it.
struct BenchQuery {
  QueryKind kind = QueryKind::kOr;
  std::string text;
};

class SearchEngine {
 public:
  virtual ~SearchEngine() = default;
  virtual std::string_view name() const = 0;
  // Documents arrive with consecutive ordinals starting at 0.
  virtual Status Add(uint32_t ordinal, const BenchDoc& doc) = 0;
  // Commits and compacts/optimises; the engine is searchable afterwards.
  virtual Status Finish() = 0;
  // Bytes on disk of the finished (compacted) index.
  virtual uint64_t SizeBytes() const = 0;
  // Ranked ordinals of the best `k` matches (cleared first).
  virtual Status Search(const BenchQuery& query, size_t k, std::vector<uint32_t>& out) = 0;
};

// Each factory creates a fresh index under `dir` (which it may wipe).
Result<std::unique_ptr<SearchEngine>> MakeXapianEngine(const std::string& dir);
Result<std::unique_ptr<SearchEngine>> MakeLuceneEngine(const std::string& dir);
Result<std::unique_ptr<SearchEngine>> MakeFts5Engine(const std::string& dir);

// Names of the peers compiled into this build ("xapian", "lucene", "fts5").
std::vector<std::string> PeerNames();
// Creates a peer by name; NotFound for names not compiled in.
Result<std::unique_ptr<SearchEngine>> MakePeerEngine(std::string_view name, const std::string& dir);

// Helpers shared by drivers.
uint64_t DirectorySize(const std::string& path);  // regular files, recursive
// Peak resident set of this process (VmHWM; getrusage ru_maxrss as fallback).
int64_t PeakRssKb();
int64_t CurrentRssKb();
// Resets the peak to the current RSS (Linux clear_refs "5"), so a driver can
// measure an engine's peak apart from loading the corpus. False if unsupported.
bool ResetPeakRss();

}  // namespace riwaya::bench
