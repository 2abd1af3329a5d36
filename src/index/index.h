// Index: riwaya's inverted index in one directory. Documents are added and
// deleted through the writer calls, buffered, and become visible and durable
// together at Commit(last_seq), which writes segments and deletion bitmaps
// atomically (temp + fsync + rename) and then swaps the MANIFEST. Searchers
// are immutable snapshots: they keep their segments alive across commits and
// merges. All methods are thread-safe; writer calls are serialised.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "base/status.h"
#include "index/document.h"
#include "index/searcher.h"
#include "text/analyzer.h"

namespace riwaya::index {

inline constexpr size_t kMaxDocumentBytes = size_t(256) << 20;

struct IndexOptions {
  std::shared_ptr<const text::Analyzer> analyzer;  // required; the same one for every open
  bool exact_forms = true;       // index written forms for the =word operator
  // A segment is cut (still uncommitted) when the buffer holds this much
  // memory (postings pool, term tables, document columns), or this many documents.
  size_t flush_bytes = 128u << 20;
  uint32_t flush_docs = UINT32_MAX;
  size_t merge_factor = 10;      // tiered policy: merge the smallest segments when more exist
  Bm25fParams bm25f;
};

struct IndexStats {
  uint64_t last_seq = 0;
  uint64_t docs = 0;        // live documents in committed segments
  uint64_t segments = 0;
  uint64_t bytes = 0;       // segment + deletion files
  uint64_t buffered = 0;    // documents added since the last commit
};

class Index {
 public:
  // Opens (creating if needed) the index in `dir`. Stale temp files and
  // segments not named by the MANIFEST (a crash mid-commit) are removed.
  // Invalid if the index was built with another analyzer (reindex then);
  // Corrupt if a file fails its checks (the store can rebuild it).
  static Result<std::unique_ptr<Index>> Open(const std::string& dir, IndexOptions options);
  // The store sequence the last commit in `dir` recorded, read from its
  // MANIFEST alone (no segment opened, nothing removed): for read-only
  // tools. 0 when nothing was committed; Corrupt if the MANIFEST fails its checks.
  static Result<uint64_t> CommittedSeq(const std::string& dir);
  ~Index();

  // Buffers a document. Invalid: seq 0, text that is not valid UTF-8, or
  // more than kMaxDocumentBytes of text (title + body + author).
  Status Add(const Document& doc);
  // Deletes a document by seq (committed or buffered); unknown seqs are ignored.
  Status Delete(uint32_t seq);
  // Makes everything buffered durable and visible and records `last_seq`.
  Status Commit(uint64_t last_seq);
  // Merges committed segments down to at most `max_segments`, dropping deleted docs.
  Status Merge(size_t max_segments = 1);
  // Drops everything (for a rebuild from the store); durable at once.
  Status Clear();

  uint64_t last_seq() const;
  // The snapshot of the last commit. Never null.
  std::shared_ptr<const Searcher> searcher() const;
  IndexStats stats() const;

  struct State;

 private:
  explicit Index(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace riwaya::index
