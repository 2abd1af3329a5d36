// EngineImpl: the Engine over a data directory: <dir>/LOCK (one writer),
// <dir>/riwaya.db (the store). Writes go through one writer connection under
// a mutex, one transaction per batch; reads use their own connection, so they
// proceed during an ingest and see only committed batches (WAL). <dir>/index
// holds the search index, derived from the store: after every ingest (and at
// open, after a crash) it catches up from the last store sequence it holds.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "engine/engine.h"
#include "engine/lock_file.h"
#include "index/index.h"
#include "store/store.h"

namespace riwaya::engine {

class EngineImpl : public Engine {
 public:
  static Result<std::unique_ptr<Engine>> Create(const Options& options);

  Result<IngestReport> IngestPaths(const std::vector<std::string>& paths, const IngestOptions& options) override;
  Result<IngestReport> IngestBytes(std::string_view bytes, std::string_view name) override;
  Result<IngestReport> IngestArticles(std::vector<model::Article> articles, std::string_view name) override;
  Result<model::Article> GetArticle(std::string_view id) override;
  Result<std::vector<model::Article>> Copies(std::string_view id) override;
  Result<std::vector<model::Article>> Related(std::string_view id) override;
  Result<SearchResult> Search(const SearchRequest& request) override;
  Result<Stats> GetStats() override;
  Status Reindex(const std::function<void(const Progress&)>& on_progress) override;
  Status ForEachArticle(int64_t after_seq,
                        const std::function<bool(const model::Article&, int64_t)>& fn) override;
  Result<int64_t> CopyOf(std::string_view id) override;
  Result<std::string> IntegrityCheck() override;

  // Commits a batch under the writer lock (used by the ingest sink).
  Result<store::BatchResult> Commit(std::vector<model::Article>& batch,
                                    const std::vector<store::InputRecord>& completed);
  Result<std::optional<store::InputRecord>> FindInput(const std::string& path);

 private:
  EngineImpl() = default;
  Result<int64_t> ResolveSeq(std::string_view id);  // reader_mu_ held
  // Opens IndexDir() (rebuilding it when it is corrupt or was built with
  // another analyzer) and catches it up with the store.
  Status OpenIndex();
  std::string IndexDir() const;  // <data directory>/index
  // Adds every stored article newer than the index's last_seq, then commits.
  Status CatchUp(const std::function<void(const Progress&)>& on_progress);

  Options options_;
  std::string dir_;  // the data directory (options_.data_dir, or ./data)
  std::unique_ptr<LockFile> lock_;
  std::mutex writer_mu_;
  std::unique_ptr<store::Store> writer_;  // null when read-only
  std::mutex reader_mu_;
  std::unique_ptr<store::Store> reader_;
  std::mutex index_mu_;                  // serialises catch-up and reindex
  std::unique_ptr<index::Index> index_;  // null when read-only
};

}  // namespace riwaya::engine
