// EngineImpl: the Engine over a data directory: <dir>/LOCK (one writer),
// <dir>/riwaya.db (the store). Writes go through one writer connection under
// a mutex, one transaction per batch; reads use their own connection, so they
// proceed during an ingest and see only committed batches (WAL).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "engine/engine.h"
#include "engine/lock_file.h"
#include "store/store.h"

namespace riwaya::engine {

class EngineImpl : public Engine {
 public:
  static Result<std::unique_ptr<Engine>> Create(const Options& options);

  Result<IngestReport> IngestPaths(const std::vector<std::string>& paths, const IngestOptions& options) override;
  Result<IngestReport> IngestBytes(std::string_view bytes, std::string_view name) override;
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

  Options options_;
  std::unique_ptr<LockFile> lock_;
  std::mutex writer_mu_;
  std::unique_ptr<store::Store> writer_;  // null when read-only
  std::mutex reader_mu_;
  std::unique_ptr<store::Store> reader_;
};

}  // namespace riwaya::engine
