#include "store/db.h"

#include <utility>

namespace riwaya::store {

Stmt::~Stmt() {
  if (s_) sqlite3_finalize(s_);
}
Stmt::Stmt(Stmt&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (s_) sqlite3_finalize(s_);
    s_ = std::exchange(o.s_, nullptr);
  }
  return *this;
}

Result<Stmt> Stmt::Prepare(sqlite3* db, std::string_view sql) {
  Stmt st;
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &st.s_, nullptr) != SQLITE_OK) {
    return Status::Internal("sqlite prepare failed: " + std::string(sqlite3_errmsg(db)) +
                            " in: " + std::string(sql));
  }
  return st;
}

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

bool Stmt::Step(Status* st) {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE && st) {
    sqlite3* db = sqlite3_db_handle(s_);
    const Status::Code code = (rc == SQLITE_IOERR || rc == SQLITE_FULL || rc == SQLITE_READONLY ||
                               rc == SQLITE_CANTOPEN)
                                  ? Status::Code::kIoError
                                  : (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
                                        ? Status::Code::kCorrupt
                                        : Status::Code::kInternal;
    std::string msg = std::string("sqlite: ") + sqlite3_errmsg(db) + " (" + sqlite3_sql(s_) + ")";
    *st = code == Status::Code::kIoError   ? Status::IoError(msg)
          : code == Status::Code::kCorrupt ? Status::Corrupt(msg)
                                           : Status::Internal(msg);
  }
  return false;
}

Status Stmt::Run() {
  Status st;
  while (Step(&st)) {
  }
  Reset();
  return st;
}

void Stmt::Reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(s_, col); }
std::string Stmt::Text(int col) const {
  const auto* p = sqlite3_column_text(s_, col);
  const int n = sqlite3_column_bytes(s_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}
bool Stmt::IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}
Db::Db(Db&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = std::exchange(o.db_, nullptr);
  }
  return *this;
}

Result<Db> Db::Open(const std::string& path, bool read_only) {
  Db d;
  const int flags = (read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &d.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open database " + path + ": " +
                      (d.db_ ? sqlite3_errmsg(d.db_) : sqlite3_errstr(rc));
    return Status::IoError(msg);
  }
  // A busy writer (checkpoint) must not fail a concurrent reader at once.
  sqlite3_busy_timeout(d.db_, 10000);
  return d;
}

Status Db::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = std::string("sqlite: ") + (err ? err : sqlite3_errmsg(db_)) + " in: " + s;
    sqlite3_free(err);
    const int rc = sqlite3_errcode(db_);
    if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Status::Corrupt(msg);
    if (rc == SQLITE_IOERR || rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN || rc == SQLITE_FULL)
      return Status::IoError(msg);
    return Status::Internal(msg);
  }
  return Status::Ok();
}

std::string Db::Error() const { return db_ ? sqlite3_errmsg(db_) : "no database"; }

}  // namespace riwaya::store
