// SQLite FTS5 peer: contentless table (content=''), two columns (title, body =
// abstract+text), tokenize 'unicode61 remove_diacritics 2', one transaction
// for the build, then 'optimize' and VACUUM. Ranked by FTS5's bm25 (rank).
#include <sqlite3.h>

#include <filesystem>

#include "search_engine.h"
#include "words.h"

namespace riwaya::bench {
namespace {

class Fts5Engine : public SearchEngine {
 public:
  explicit Fts5Engine(std::string dir) : dir_(std::move(dir)), path_(dir_ + "/fts5.db") {}
  ~Fts5Engine() override {
    sqlite3_finalize(insert_);
    sqlite3_finalize(select_);
    sqlite3_close(db_);
  }

  Status Open() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    std::filesystem::create_directories(dir_, ec);
    if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) return Error("open");
    RIWAYA_RETURN_IF_ERROR(Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"));
    RIWAYA_RETURN_IF_ERROR(Exec(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, content='', "
        "tokenize='unicode61 remove_diacritics 2');"));
    RIWAYA_RETURN_IF_ERROR(Exec("BEGIN"));
    if (sqlite3_prepare_v2(db_, "INSERT INTO docs(rowid, title, body) VALUES(?,?,?)", -1, &insert_,
                           nullptr) != SQLITE_OK)
      return Error("prepare insert");
    return Status::Ok();
  }

  std::string_view name() const override { return "fts5"; }

  Status Add(uint32_t ordinal, const BenchDoc& doc) override {
    body_ = doc.abstract;
    body_ += "\n";
    body_ += doc.text;
    sqlite3_bind_int64(insert_, 1, static_cast<sqlite3_int64>(ordinal) + 1);
    sqlite3_bind_text(insert_, 2, doc.title.data(), static_cast<int>(doc.title.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert_, 3, body_.data(), static_cast<int>(body_.size()), SQLITE_STATIC);
    int rc = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    if (rc != SQLITE_DONE) return Error("insert doc " + doc.id);
    return Status::Ok();
  }

  Status Finish() override {
    RIWAYA_RETURN_IF_ERROR(Exec("COMMIT"));
    RIWAYA_RETURN_IF_ERROR(Exec("INSERT INTO docs(docs) VALUES('optimize');"));
    RIWAYA_RETURN_IF_ERROR(Exec("VACUUM;"));
    if (sqlite3_prepare_v2(db_, "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?", -1,
                           &select_, nullptr) != SQLITE_OK)
      return Error("prepare select");
    size_ = DirectorySize(dir_);
    return Status::Ok();
  }

  uint64_t SizeBytes() const override { return size_; }

  Status Search(const BenchQuery& query, size_t k, std::vector<uint32_t>& out) override {
    out.clear();
    // Quote every word so that user text can never be read as FTS5 syntax.
    std::vector<std::string> words = SplitWords(query.text);
    if (words.empty()) return Status::Ok();
    std::string match;
    if (query.kind == QueryKind::kPhrase) {
      match = "\"";
      for (size_t i = 0; i < words.size(); ++i) match += (i ? " " : "") + words[i];
      match += "\"";
    } else {
      const char* op = query.kind == QueryKind::kAnd ? " AND " : " OR ";
      for (size_t i = 0; i < words.size(); ++i) {
        if (i) match += op;
        match += "\"" + words[i] + "\"";
      }
    }
    sqlite3_bind_text(select_, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(select_, 2, static_cast<sqlite3_int64>(k));
    int rc;
    while ((rc = sqlite3_step(select_)) == SQLITE_ROW)
      out.push_back(static_cast<uint32_t>(sqlite3_column_int64(select_, 0) - 1));
    sqlite3_reset(select_);
    if (rc != SQLITE_DONE) return Error("query '" + query.text + "'");
    return Status::Ok();
  }

 private:
  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "unknown error";
      sqlite3_free(err);
      return Status::IoError("fts5: " + path_ + ": " + sql + ": " + m);
    }
    return Status::Ok();
  }
  Status Error(const std::string& what) {
    return Status::IoError("fts5: " + path_ + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "no db"));
  }

  std::string dir_, path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* select_ = nullptr;
  std::string body_;
  uint64_t size_ = 0;
};

}  // namespace

Result<std::unique_ptr<SearchEngine>> MakeFts5Engine(const std::string& dir) {
  auto e = std::make_unique<Fts5Engine>(dir);
  Status s = e->Open();
  if (!s.ok()) return s;
  return std::unique_ptr<SearchEngine>(std::move(e));
}

}  // namespace riwaya::bench
