// Store: the system of record. One SQLite database in WAL mode holds every
// Article with a monotonically increasing sequence number. AddBatch writes a
// whole batch in one transaction: after a crash either all of it is there or
// none of it is, and readers on other connections never see half a batch.
// Re-adding a key changes nothing; a body already stored (same fingerprint)
// is kept and recorded as a copy of the first article that had it.
// A Store object is not thread-safe: use one per thread (readers may share a
// database file with one writer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/article.h"

namespace riwaya::store {

enum class Outcome {
  kAdded,      // new key, new body
  kCopy,       // new key, body fingerprint already stored: copy_of_seq says where
  kUnchanged,  // key already stored: nothing written
  kRejected,   // could not be stored (no key, id clash): `reason` says why
};
const char* OutcomeName(Outcome o);

struct ArticleOutcome {
  Outcome outcome = Outcome::kAdded;
  int64_t seq = 0;          // the stored article's sequence (existing one for kUnchanged)
  int64_t copy_of_seq = 0;  // kCopy: the first article with the same body
  std::string reason;       // kRejected
};

struct BatchResult {
  std::vector<ArticleOutcome> outcomes;  // parallel to the batch
  int64_t added = 0, copies = 0, unchanged = 0, rejected = 0;
};

// An input file that has been ingested completely (recorded with its last batch).
struct InputRecord {
  std::string path;     // absolute path
  int64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t articles = 0; // articles the input yielded
};

struct MonthCount { std::string month; int64_t count = 0; };  // "YYYY-MM" or "unknown"
struct OutletCount { std::string outlet; int64_t articles = 0; std::vector<MonthCount> per_month; };
struct StoreStats {
  int64_t articles = 0, copies = 0, related = 0, undated = 0, last_seq = 0;
  std::vector<OutletCount> outlets;  // most articles first
};

struct StoreOptions {
  bool read_only = false;
  // synchronous=FULL: a committed batch survives power loss as well as kill -9.
  // NORMAL survives kill -9 only; kept as an option for bulk loads.
  bool full_sync = true;
};

class Store {
 public:
  // Opens (creating if needed) the database file and migrates it to the
  // latest schema. Read-only opens never create or migrate.
  static Result<std::unique_ptr<Store>> Open(const std::string& db_path, const StoreOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Stores `batch` in one transaction. Fills seq, id (from key when empty),
  // fingerprint (when empty) and ingested_at of the articles it adds.
  // `completed` inputs (whose last articles are in this batch or earlier
  // ones) are recorded in the ingest log in the same transaction.
  Result<BatchResult> AddBatch(std::vector<model::Article>& batch,
                               const std::vector<InputRecord>& completed = {});

  Result<model::Article> GetById(std::string_view id);
  Result<model::Article> GetBySeq(int64_t seq);
  Result<model::Article> GetByKey(std::string_view key);
  // The first article with the same body, 0 if `seq` is not a copy.
  Result<int64_t> CopyOf(int64_t seq);
  // Every other article with the same body fingerprint, in sequence order
  // (the first is the original when `seq` is itself a copy).
  Result<std::vector<model::Article>> Copies(int64_t seq);
  // Articles linked through related_to: the page's main article when `seq`
  // is a read-also article, its sibling read-also articles, and the read-also
  // articles when it is a main one.
  Result<std::vector<model::Article>> Related(int64_t seq);

  // Streams articles with sequence > `after_seq` in sequence order; stops
  // early when `fn` returns false. For index catch-up and dumps.
  Status ForEachSince(int64_t after_seq,
                      const std::function<bool(const model::Article&, int64_t copy_of_seq)>& fn);

  Result<int64_t> LastSeq();
  Result<StoreStats> Stats();
  Result<std::optional<InputRecord>> FindInput(std::string_view path);
  // "ok" or SQLite's list of problems.
  Result<std::string> IntegrityCheck();

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace riwaya::store
