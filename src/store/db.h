// Db and Stmt: a thin RAII layer over one SQLite connection and its prepared
// statements. Every failure becomes a Status naming the SQL and SQLite's
// message; nothing throws. Not thread-safe: one owner per connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace riwaya::store {

class Stmt {
 public:
  Stmt() = default;
  ~Stmt();
  Stmt(Stmt&& o) noexcept;
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  static Result<Stmt> Prepare(sqlite3* db, std::string_view sql);

  // Binds are 1-based like SQLite's; empty strings bind as '' (not NULL).
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& BindNull(int i);
  // Steps once: true = a row is available, false = done. Errors go to *st.
  bool Step(Status* st);
  // Steps to completion; for statements without rows.
  Status Run();
  void Reset();

  int64_t Int(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;

 private:
  sqlite3_stmt* s_ = nullptr;
};

class Db {
 public:
  Db() = default;
  ~Db();
  Db(Db&& o) noexcept;
  Db& operator=(Db&& o) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  static Result<Db> Open(const std::string& path, bool read_only);
  Status Exec(std::string_view sql);
  sqlite3* get() const { return db_; }
  std::string Error() const;

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace riwaya::store
