#include "store/schema.h"

namespace riwaya::store {

namespace {

// Version 1: articles and their page links. `seq` is AUTOINCREMENT so a
// sequence number is never reused even after deletes: the index catches up
// from the last sequence it holds (DESIGN.md).
constexpr const char* kV1 = R"sql(
CREATE TABLE articles (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  key TEXT NOT NULL UNIQUE,
  outlet TEXT NOT NULL DEFAULT '',
  credit TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  canonical_url TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  abstract TEXT NOT NULL DEFAULT '',
  paragraphs TEXT NOT NULL DEFAULT '[]',
  author TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'ar',
  pub_known INTEGER NOT NULL DEFAULT 0,
  pub_date_only INTEGER NOT NULL DEFAULT 0,
  pub_epoch INTEGER,
  pub_original TEXT NOT NULL DEFAULT '',
  pub_source TEXT NOT NULL DEFAULT 'unknown',
  crawled_epoch INTEGER NOT NULL DEFAULT 0,
  crawled_original TEXT NOT NULL DEFAULT '',
  related_to TEXT NOT NULL DEFAULT '',
  fingerprint TEXT NOT NULL DEFAULT '',
  copy_of_seq INTEGER REFERENCES articles(seq),
  ingested_at INTEGER NOT NULL DEFAULT 0,
  origin_kind TEXT NOT NULL DEFAULT '',
  origin_path TEXT NOT NULL DEFAULT '',
  origin_record INTEGER NOT NULL DEFAULT 0,
  origin_line INTEGER NOT NULL DEFAULT 0,
  origin_byte_offset INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_fingerprint ON articles(fingerprint) WHERE fingerprint != '';
CREATE INDEX articles_related_to ON articles(related_to) WHERE related_to != '';
CREATE INDEX articles_outlet ON articles(outlet);
CREATE TABLE links (
  article_seq INTEGER NOT NULL REFERENCES articles(seq),
  ord INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  article_key TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (article_seq, ord)
) WITHOUT ROWID;
)sql";

// Version 2: inputs fully ingested (so a re-run can skip them) and the
// month column that per-month statistics group by.
constexpr const char* kV2 = R"sql(
CREATE TABLE ingest_log (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  articles INTEGER NOT NULL,
  done_at INTEGER NOT NULL
);
ALTER TABLE articles ADD COLUMN pub_month TEXT NOT NULL DEFAULT '';
UPDATE articles SET pub_month = strftime('%Y-%m', pub_epoch, 'unixepoch') WHERE pub_known = 1;
CREATE INDEX articles_outlet_month ON articles(outlet, pub_month);
)sql";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "articles and page links", kV1},
      {2, "ingest log and publication month", kV2},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return Migrations().back().version; }

Result<int> SchemaVersion(Db& db) {
  auto q = Stmt::Prepare(db.get(),
                         "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'");
  if (!q.ok()) return q.status();
  Status st;
  if (!q->Step(&st)) return st.ok() ? Status::Internal("no row") : st;
  if (q->Int(0) == 0) return 0;
  auto v = Stmt::Prepare(db.get(), "SELECT max(version) FROM schema_version");
  if (!v.ok()) return v.status();
  if (!v->Step(&st)) return st.ok() ? Status::Internal("no row") : st;
  return static_cast<int>(v->Int(0));
}

Status Migrate(Db& db, int target) {
  if (target <= 0) target = LatestSchemaVersion();
  // IMMEDIATE: take the write lock before reading the version, so two
  // processes cannot both decide to run the same migration.
  RIWAYA_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  auto fail = [&](Status s) {
    (void)db.Exec("ROLLBACK");
    return s;
  };
  Status st = db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER "
      "NOT NULL, what TEXT NOT NULL)");
  if (!st.ok()) return fail(st);
  auto cur = SchemaVersion(db);
  if (!cur.ok()) return fail(cur.status());
  if (*cur > LatestSchemaVersion()) {
    return fail(Status::Unsupported("database schema version " + std::to_string(*cur) +
                                    " is newer than this riwaya understands (" +
                                    std::to_string(LatestSchemaVersion()) + "); upgrade riwaya"));
  }
  for (const Migration& m : Migrations()) {
    if (m.version <= *cur || m.version > target) continue;
    st = db.Exec(m.sql);
    if (!st.ok()) return fail(Status::Internal("migration to schema version " + std::to_string(m.version) +
                                               " failed: " + st.message()));
    st = db.Exec("INSERT INTO schema_version(version, applied_at, what) VALUES (" +
                 std::to_string(m.version) + ", strftime('%s','now'), '" + m.what + "')");
    if (!st.ok()) return fail(st);
  }
  return db.Exec("COMMIT");
}

}  // namespace riwaya::store
