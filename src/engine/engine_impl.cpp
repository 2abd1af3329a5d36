#include "engine/engine_impl.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>

#include "ingest/ingest_path.h"

namespace riwaya::engine {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr size_t kMaxKeptRejections = 100000;

struct InputInfo {
  std::string path;  // as given or found by the walk
  std::string abs;   // absolute, lexically normal: the ingest log key
  int64_t size = 0;
  int64_t mtime_ns = 0;
};

bool IsHidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

bool StatInput(const std::string& path, InputInfo& info) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return false;
  info.path = path;
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  info.abs = ec ? path : abs.lexically_normal().string();
  info.size = static_cast<int64_t>(st.st_size);
  info.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return true;
}

// The same walk as ingest::IngestPath (sorted, hidden entries and links inside
// directories skipped) so the engine knows each file: for progress over all
// inputs and for recording completed files in the ingest log.
void Walk(const fs::path& dir, std::vector<InputInfo>& out, std::vector<ingest::Rejection>& rejections,
          std::set<std::pair<dev_t, ino_t>>& seen) {
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0 && !seen.insert({st.st_dev, st.st_ino}).second) return;
  std::error_code ec;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  if (ec) rejections.push_back({dir.string(), "directory", "cannot list: " + ec.message()});
  std::sort(entries.begin(), entries.end());
  for (const fs::path& p : entries) {
    if (IsHidden(p)) continue;
    std::error_code sec;
    const fs::file_status link = fs::symlink_status(p, sec);
    if (sec || fs::is_symlink(link)) continue;
    if (fs::is_directory(link)) {
      Walk(p, out, rejections, seen);
    } else if (fs::is_regular_file(link)) {
      InputInfo info;
      if (StatInput(p.string(), info)) {
        out.push_back(std::move(info));
      } else {
        rejections.push_back({p.string(), "file", "cannot stat"});
      }
    } else {
      rejections.push_back({p.string(), "file", "not a regular file; skipped"});
    }
  }
}

// Accumulates articles into batches and commits them; collects the report.
class BatchingSink : public ingest::Sink {
 public:
  BatchingSink(EngineImpl& engine, const IngestOptions& options, IngestReport& report)
      : engine_(engine), options_(options), report_(report), start_(Clock::now()) {
    batch_.reserve(std::max<size_t>(options_.batch_size, 1));
  }

  void Article(model::Article&& a) override {
    if (!error_.ok()) return;
    if (a.origin.path.empty()) a.origin.path = current_.path;
    if (a.outlet.empty()) a.outlet = options_.default_outlet;
    batch_.push_back(std::move(a));
    ++file_articles_;
    ++articles_seen_;
    if (batch_.size() >= std::max<size_t>(options_.batch_size, 1)) Flush();
  }
  void Reject(ingest::Rejection&& r) override { AddRejection(std::move(r)); }
  void Fetch(ingest::FetchTask&&) override { ++report_.fetch_tasks; }
  void Progress(uint64_t done, uint64_t /*total*/) override {
    file_done_ = std::min<uint64_t>(done, static_cast<uint64_t>(std::max<int64_t>(current_.size, 0)));
    Report(false);
  }

  void BeginFile(const InputInfo& in) {
    current_ = in;
    file_articles_ = 0;
    file_done_ = 0;
  }
  // The file was read to its end: it is complete once its articles commit.
  void EndFile(bool record) {
    bytes_before_ += static_cast<uint64_t>(current_.size);
    bytes_read_ += static_cast<uint64_t>(current_.size);
    file_done_ = 0;
    if (record) pending_.push_back({current_.abs, current_.size, current_.mtime_ns, file_articles_});
    Report(false);
  }
  void SkipFile(const InputInfo& in, int64_t articles) {
    bytes_before_ += static_cast<uint64_t>(in.size);
    report_.unchanged += articles;
    report_.skipped_articles += articles;
    ++report_.skipped_inputs;
  }
  void SetTotal(uint64_t total) { bytes_total_ = total; }

  void Flush() {
    if (!error_.ok() || (batch_.empty() && pending_.empty())) return;
    auto r = engine_.Commit(batch_, pending_);
    if (!r.ok()) {
      error_ = r.status();
      return;
    }
    report_.added += r->added;
    report_.copies += r->copies;
    report_.unchanged += r->unchanged;
    for (size_t i = 0; i < r->outcomes.size(); ++i) {
      if (r->outcomes[i].outcome != store::Outcome::kRejected) continue;
      const model::Article& a = batch_[i];
      AddRejection({a.origin.path, "record " + std::to_string(a.origin.record), r->outcomes[i].reason});
    }
    batch_.clear();
    pending_.clear();
  }

  void Finish() {
    Flush();
    report_.bytes = bytes_read_;  // skipped inputs were not read
    report_.seconds = Seconds();
    Report(true);
  }
  const Status& error() const { return error_; }

 private:
  void AddRejection(ingest::Rejection&& r) {
    ++report_.rejected;
    if (report_.rejections.size() < kMaxKeptRejections) report_.rejections.push_back(std::move(r));
  }
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  void Report(bool final) {
    if (!options_.on_progress) return;
    const auto now = Clock::now();
    if (!final && now - last_report_ < std::chrono::milliseconds(100)) return;
    last_report_ = now;
    engine::Progress p;
    p.input = current_.path;
    p.bytes_done = bytes_before_ + file_done_;
    p.bytes_total = std::max(bytes_total_, p.bytes_done);
    p.articles = articles_seen_;
    p.seconds = Seconds();
    options_.on_progress(p);
  }

  EngineImpl& engine_;
  const IngestOptions& options_;
  IngestReport& report_;
  std::vector<model::Article> batch_;
  std::vector<store::InputRecord> pending_;
  InputInfo current_;
  int64_t file_articles_ = 0;
  int64_t articles_seen_ = 0;
  uint64_t file_done_ = 0, bytes_before_ = 0, bytes_read_ = 0, bytes_total_ = 0;
  Clock::time_point start_, last_report_{};
  Status error_;
};

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool AllHex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Open(const Options& options) { return EngineImpl::Create(options); }

Result<std::unique_ptr<Engine>> EngineImpl::Create(const Options& options) {
  std::unique_ptr<EngineImpl> e(new EngineImpl());
  e->options_ = options;
  e->dir_ = options.data_dir.empty() ? std::string("./data") : options.data_dir;
  const std::string& dir = e->dir_;
  const std::string db_path = (fs::path(dir) / "riwaya.db").string();
  if (options.read_only) {
    std::error_code ec;
    if (!fs::exists(db_path, ec)) {
      return Status::NotFound("no riwaya store in data directory " + dir + " (run `riwaya ingest` first)");
    }
  } else {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::IoError("cannot create data directory " + dir + ": " + ec.message());
    if (!fs::is_directory(dir, ec)) return Status::IoError("data directory " + dir + " is not a directory");
    auto lock = LockFile::Acquire((fs::path(dir) / "LOCK").string());
    if (!lock.ok()) return lock.status();
    e->lock_ = std::move(lock.value());
    auto w = store::Store::Open(db_path, {});
    if (!w.ok()) return w.status();
    e->writer_ = std::move(w.value());
  }
  store::StoreOptions ro;
  ro.read_only = true;
  auto r = store::Store::Open(db_path, ro);
  if (!r.ok()) return r.status();
  e->reader_ = std::move(r.value());
  if (!options.read_only) RIWAYA_RETURN_IF_ERROR(e->OpenIndex());
  return std::unique_ptr<Engine>(std::move(e));
}

Result<store::BatchResult> EngineImpl::Commit(std::vector<model::Article>& batch,
                                              const std::vector<store::InputRecord>& completed) {
  std::lock_guard<std::mutex> g(writer_mu_);
  if (!writer_) return Status::Unsupported("data directory opened read-only");
  return writer_->AddBatch(batch, completed);
}

Result<std::optional<store::InputRecord>> EngineImpl::FindInput(const std::string& path) {
  std::lock_guard<std::mutex> g(writer_mu_);
  if (!writer_) return Status::Unsupported("data directory opened read-only");
  return writer_->FindInput(path);
}

Result<IngestReport> EngineImpl::IngestPaths(const std::vector<std::string>& paths, const IngestOptions& options) {
  if (!writer_) return Status::Unsupported("cannot ingest: data directory opened read-only");
  IngestReport report;
  std::vector<InputInfo> inputs;
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      report.rejections.push_back({p, "path", "no such file or directory"});
      ++report.rejected;
    } else if (fs::is_directory(st)) {
      std::error_code lec;
      fs::directory_iterator probe(p, lec);
      if (lec) {
        report.rejections.push_back({p, "directory", "cannot list: " + lec.message()});
        ++report.rejected;
        continue;
      }
      std::set<std::pair<dev_t, ino_t>> seen;
      const size_t before = report.rejections.size();
      Walk(p, inputs, report.rejections, seen);
      report.rejected += static_cast<int64_t>(report.rejections.size() - before);
    } else {
      InputInfo info;
      if (StatInput(p, info)) {
        inputs.push_back(std::move(info));
      } else {
        report.rejections.push_back({p, "path", "cannot stat"});
        ++report.rejected;
      }
    }
  }
  BatchingSink sink(*this, options, report);
  uint64_t total = 0;
  for (const auto& in : inputs) total += static_cast<uint64_t>(in.size);
  sink.SetTotal(total);
  for (const InputInfo& in : inputs) {
    if (!options.force) {
      auto done = FindInput(in.abs);
      if (!done.ok()) return done.status();
      if (done->has_value() && (*done)->size == in.size && (*done)->mtime_ns == in.mtime_ns) {
        sink.SkipFile(in, (*done)->articles);
        continue;
      }
    }
    sink.BeginFile(in);
    ++report.inputs;
    const Status st = ingest::IngestPath(in.path, sink);
    if (!st.ok()) sink.Reject({in.path, "file", st.message()});
    sink.EndFile(st.ok());
    if (!sink.error().ok()) break;
  }
  sink.Finish();
  if (!sink.error().ok()) return sink.error();
  RIWAYA_RETURN_IF_ERROR(CatchUp(nullptr));
  return report;
}

Result<IngestReport> EngineImpl::IngestBytes(std::string_view bytes, std::string_view name) {
  if (!writer_) return Status::Unsupported("cannot ingest: data directory opened read-only");
  IngestReport report;
  IngestOptions options;
  BatchingSink sink(*this, options, report);
  ingest::Source src;
  src.path = std::string(name);
  if (name.starts_with("http://") || name.starts_with("https://")) {
    src.url = src.path;
    src.kind = "http";
  }
  src.fetched_epoch = static_cast<int64_t>(std::time(nullptr));
  InputInfo info;
  info.path = src.path;
  sink.BeginFile(info);
  report.inputs = 1;
  ingest::IngestBytes(bytes, src, sink);
  sink.EndFile(false);
  sink.Finish();
  report.bytes = bytes.size();
  if (!sink.error().ok()) return sink.error();
  RIWAYA_RETURN_IF_ERROR(CatchUp(nullptr));
  return report;
}

Result<IngestReport> EngineImpl::IngestArticles(std::vector<model::Article> articles, std::string_view name) {
  if (!writer_) return Status::Unsupported("cannot ingest: data directory opened read-only");
  IngestReport report;
  IngestOptions options;
  BatchingSink sink(*this, options, report);
  InputInfo info;
  info.path = std::string(name);
  sink.BeginFile(info);
  report.inputs = 1;
  for (model::Article& a : articles) {
    if (a.id.empty() && !a.key.empty()) a.id = model::IdForKey(a.key);
    sink.Article(std::move(a));
  }
  sink.EndFile(false);
  sink.Finish();
  if (!sink.error().ok()) return sink.error();
  RIWAYA_RETURN_IF_ERROR(CatchUp(nullptr));
  return report;
}

Result<int64_t> EngineImpl::ResolveSeq(std::string_view id) {
  // 16 hex digits is an id; a shorter decimal is a sequence number. A
  // 16-digit decimal is tried as an id first.
  if (id.size() == 16 && AllHex(id)) {
    std::string lower(id);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto a = reader_->GetById(lower);
    if (a.ok()) return a->seq;
    if (a.status().code() != Status::Code::kNotFound || !AllDigits(id)) return a.status();
  }
  if (AllDigits(id) && id.size() <= 18) {
    const int64_t seq = std::stoll(std::string(id));
    auto a = reader_->CopyOf(seq);  // cheap existence check
    if (!a.ok()) return a.status();
    return seq;
  }
  return Status::NotFound("no article with id " + std::string(id) +
                          " (give the 16-hex-digit id or the sequence number)");
}

Result<model::Article> EngineImpl::GetArticle(std::string_view id) {
  std::lock_guard<std::mutex> g(reader_mu_);
  auto seq = ResolveSeq(id);
  if (!seq.ok()) return seq.status();
  return reader_->GetBySeq(*seq);
}

Result<std::vector<model::Article>> EngineImpl::Copies(std::string_view id) {
  std::lock_guard<std::mutex> g(reader_mu_);
  auto seq = ResolveSeq(id);
  if (!seq.ok()) return seq.status();
  return reader_->Copies(*seq);
}

Result<std::vector<model::Article>> EngineImpl::Related(std::string_view id) {
  std::lock_guard<std::mutex> g(reader_mu_);
  auto seq = ResolveSeq(id);
  if (!seq.ok()) return seq.status();
  return reader_->Related(*seq);
}

Result<int64_t> EngineImpl::CopyOf(std::string_view id) {
  std::lock_guard<std::mutex> g(reader_mu_);
  auto seq = ResolveSeq(id);
  if (!seq.ok()) return seq.status();
  return reader_->CopyOf(*seq);
}

Result<Stats> EngineImpl::GetStats() {
  std::lock_guard<std::mutex> g(reader_mu_);
  auto s = reader_->Stats();
  if (!s.ok()) return s.status();
  Stats out;
  out.articles = s->articles;
  out.copies = s->copies;
  out.related = s->related;
  out.undated = s->undated;
  out.last_seq = s->last_seq;
  if (index_) {
    out.indexed_seq = static_cast<int64_t>(index_->last_seq());
  } else {
    // Read-only: the index is not opened (it may be catching up in a writer),
    // but its last commit says how far it got.
    auto seq = index::Index::CommittedSeq(IndexDir());
    if (!seq.ok()) return seq.status();
    out.indexed_seq = static_cast<int64_t>(*seq);
  }
  for (const auto& o : s->outlets) {
    OutletStats os;
    os.outlet = o.outlet;
    os.articles = o.articles;
    for (const auto& m : o.per_month) os.per_month.push_back({m.month, m.count});
    out.outlets.push_back(std::move(os));
  }
  return out;
}

Status EngineImpl::ForEachArticle(int64_t after_seq,
                                  const std::function<bool(const model::Article&, int64_t)>& fn) {
  std::lock_guard<std::mutex> g(reader_mu_);
  return reader_->ForEachSince(after_seq, fn);
}

Result<std::string> EngineImpl::IntegrityCheck() {
  std::lock_guard<std::mutex> g(reader_mu_);
  return reader_->IntegrityCheck();
}

}  // namespace riwaya::engine
