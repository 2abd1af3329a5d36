#include "store/store.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <utility>

#include "base/utf8.h"
#include "news/fingerprint.h"
#include "store/db.h"
#include "store/schema.h"

namespace riwaya::store {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kAdded: return "added";
    case Outcome::kCopy: return "copy";
    case Outcome::kUnchanged: return "unchanged";
    case Outcome::kRejected: return "rejected";
  }
  return "?";
}

namespace {

constexpr const char* kColumns =
    "seq, id, key, outlet, credit, url, canonical_url, title, abstract, paragraphs, author, category, "
    "language, pub_known, pub_date_only, pub_epoch, pub_original, pub_source, crawled_epoch, "
    "crawled_original, related_to, fingerprint, ingested_at, origin_kind, origin_path, origin_record, "
    "origin_line, origin_byte_offset, copy_of_seq";

model::DateSource SourceFromName(std::string_view n) {
  using model::DateSource;
  for (DateSource s : {DateSource::kTextLabel, DateSource::kArchiveField, DateSource::kJsonLd,
                       DateSource::kMetaTag, DateSource::kTimeElement, DateSource::kUrl, DateSource::kFeed}) {
    if (n == model::DateSourceName(s)) return s;
  }
  return DateSource::kUnknown;
}

// Paragraphs are kept as a JSON array of strings (readable with sqlite3's
// json functions). A hand-written codec: nlohmann's serializer was 11% of
// ingest time, and bytes that are not UTF-8 must round-trip, not throw.
std::string ParagraphsJson(const std::vector<std::string>& ps) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t n = 2;
  for (const auto& p : ps) n += p.size() + 3;
  std::string out;
  out.reserve(n + n / 16);
  out += '[';
  for (size_t i = 0; i < ps.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (const char ch : ps[i]) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += ch;
      } else if (c == '\n') {
        out += "\\n";
      } else if (c < 0x20) {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else {
        out += ch;
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

std::vector<std::string> ParagraphsFromJson(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  const size_t n = s.size();
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  while (i < n && s[i] != '[') ++i;
  ++i;
  while (i < n) {
    while (i < n && s[i] != '"' && s[i] != ']') ++i;
    if (i >= n || s[i] == ']') break;
    ++i;  // opening quote
    std::string p;
    while (i < n && s[i] != '"') {
      if (s[i] != '\\' || i + 1 >= n) {
        p += s[i++];
        continue;
      }
      const char e = s[i + 1];
      i += 2;
      switch (e) {
        case 'n': p += '\n'; break;
        case 't': p += '\t'; break;
        case 'r': p += '\r'; break;
        case 'b': p += '\b'; break;
        case 'f': p += '\f'; break;
        case 'u': {
          // Written only for control characters; other code points are
          // decoded too for databases edited by hand.
          unsigned cp = 0;
          for (int k = 0; k < 4 && i < n; ++k, ++i) cp = cp * 16 + static_cast<unsigned>(std::max(hex(s[i]), 0));
          utf8::Append(p, static_cast<char32_t>(cp));
          break;
        }
        default: p += e; break;  // \" \\ \/
      }
    }
    ++i;  // closing quote
    out.push_back(std::move(p));
  }
  return out;
}

std::string MonthOf(int64_t epoch) {
  const time_t t = static_cast<time_t>(epoch);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
  return buf;
}

Status NoRow(Status st, const std::string& what) {
  return st.ok() ? Status::NotFound(what) : st;
}

}  // namespace

struct Store::Impl {
  Db db;
  bool read_only = false;
  Stmt find_key, find_fp, insert, insert_link, log_input;
  Stmt by_id, by_seq, by_key, links_of, copy_of;

  Status Prepare() {
    auto prep = [&](Stmt& s, const std::string& sql) -> Status {
      auto r = Stmt::Prepare(db.get(), sql);
      if (!r.ok()) return r.status();
      s = std::move(r.value());
      return Status::Ok();
    };
    const std::string sel = std::string("SELECT ") + kColumns + " FROM articles ";
    RIWAYA_RETURN_IF_ERROR(prep(by_id, sel + "WHERE id = ?1"));
    RIWAYA_RETURN_IF_ERROR(prep(by_seq, sel + "WHERE seq = ?1"));
    RIWAYA_RETURN_IF_ERROR(prep(by_key, sel + "WHERE key = ?1"));
    RIWAYA_RETURN_IF_ERROR(
        prep(links_of, "SELECT title, url, article_key FROM links WHERE article_seq = ?1 ORDER BY ord"));
    RIWAYA_RETURN_IF_ERROR(prep(copy_of, "SELECT copy_of_seq FROM articles WHERE seq = ?1"));
    if (read_only) return Status::Ok();
    RIWAYA_RETURN_IF_ERROR(prep(find_key, "SELECT seq FROM articles WHERE key = ?1"));
    RIWAYA_RETURN_IF_ERROR(
        prep(find_fp, "SELECT min(seq) FROM articles WHERE fingerprint = ?1 AND fingerprint != ''"));
    RIWAYA_RETURN_IF_ERROR(prep(
        insert,
        "INSERT INTO articles (id, key, outlet, credit, url, canonical_url, title, abstract, paragraphs, "
        "author, category, language, pub_known, pub_date_only, pub_epoch, pub_original, pub_source, "
        "crawled_epoch, crawled_original, related_to, fingerprint, copy_of_seq, ingested_at, origin_kind, "
        "origin_path, origin_record, origin_line, origin_byte_offset, pub_month) VALUES "
        "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,"
        "?27,?28,?29)"));
    RIWAYA_RETURN_IF_ERROR(prep(
        insert_link, "INSERT INTO links (article_seq, ord, title, url, article_key) VALUES (?1,?2,?3,?4,?5)"));
    RIWAYA_RETURN_IF_ERROR(prep(log_input,
                                "INSERT OR REPLACE INTO ingest_log (path, size, mtime_ns, articles, done_at) "
                                "VALUES (?1,?2,?3,?4,?5)"));
    return Status::Ok();
  }

  // Reads the current row of a statement selecting kColumns.
  model::Article Row(const Stmt& s, int64_t* copy_of_seq) {
    model::Article a;
    a.seq = s.Int(0);
    a.id = s.Text(1);
    a.key = s.Text(2);
    a.outlet = s.Text(3);
    a.credit = s.Text(4);
    a.url = s.Text(5);
    a.canonical_url = s.Text(6);
    a.title = s.Text(7);
    a.abstract = s.Text(8);
    a.paragraphs = ParagraphsFromJson(s.Text(9));
    a.author = s.Text(10);
    a.category = s.Text(11);
    a.language = s.Text(12);
    a.published.known = s.Int(13) != 0;
    a.published.date_only = s.Int(14) != 0;
    a.published.epoch_seconds = s.Int(15);
    a.published.original = s.Text(16);
    a.published.source = SourceFromName(s.Text(17));
    a.crawled_epoch = s.Int(18);
    a.crawled_original = s.Text(19);
    a.related_to = s.Text(20);
    a.fingerprint = s.Text(21);
    a.ingested_at = s.Int(22);
    a.origin.kind = s.Text(23);
    a.origin.path = s.Text(24);
    a.origin.record = s.Int(25);
    a.origin.line = s.Int(26);
    a.origin.byte_offset = s.Int(27);
    if (copy_of_seq) *copy_of_seq = s.IsNull(28) ? 0 : s.Int(28);
    return a;
  }

  Status LoadLinks(model::Article& a) {
    links_of.Reset();
    links_of.Bind(1, a.seq);
    Status st;
    while (links_of.Step(&st)) {
      a.links.push_back({links_of.Text(0), links_of.Text(1), links_of.Text(2)});
    }
    links_of.Reset();
    return st;
  }

  template <typename Bind>
  Result<model::Article> GetOne(Stmt& s, const Bind& bind, const std::string& what) {
    Status st;
    s.Reset();
    bind(s);
    if (!s.Step(&st)) {
      s.Reset();
      return NoRow(st, what);
    }
    model::Article a = Row(s, nullptr);
    s.Reset();
    RIWAYA_RETURN_IF_ERROR(LoadLinks(a));
    return a;
  }

  Result<std::vector<model::Article>> Query(const std::string& sql,
                                            const std::function<void(Stmt&)>& bind) {
    auto q = Stmt::Prepare(db.get(), sql);
    if (!q.ok()) return q.status();
    bind(*q);
    std::vector<model::Article> out;
    Status st;
    while (q->Step(&st)) out.push_back(Row(*q, nullptr));
    if (!st.ok()) return st;
    for (auto& a : out) RIWAYA_RETURN_IF_ERROR(LoadLinks(a));
    return out;
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& db_path, const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->read_only = options.read_only;
  auto db = Db::Open(db_path, options.read_only);
  if (!db.ok()) return db.status();
  impl->db = std::move(db.value());
  Db& d = impl->db;
  if (!options.read_only) {
    // WAL: readers proceed during a write and see only committed batches.
    Status st = d.Exec("PRAGMA journal_mode=WAL");
    if (!st.ok()) return Status::IoError("cannot use " + db_path + ": " + st.message());
    RIWAYA_RETURN_IF_ERROR(d.Exec(options.full_sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
    RIWAYA_RETURN_IF_ERROR(d.Exec("PRAGMA cache_size=-32768"));  // 32 MB: flat, bounded memory
    st = Migrate(d);
    if (!st.ok()) return Status(st.code() == Status::Code::kUnsupported ? st : Status::IoError(db_path + ": " + st.message()));
  } else {
    auto v = SchemaVersion(d);
    if (!v.ok()) return Status::IoError(db_path + ": " + v.status().message());
    if (*v == 0) return Status::NotFound(db_path + " holds no riwaya store (run `riwaya ingest` first)");
    if (*v != LatestSchemaVersion())
      return Status::Unsupported(db_path + ": schema version " + std::to_string(*v) + ", this riwaya needs " +
                                 std::to_string(LatestSchemaVersion()) + " (open it read-write once to migrate)");
  }
  RIWAYA_RETURN_IF_ERROR(impl->Prepare());
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<BatchResult> Store::AddBatch(std::vector<model::Article>& batch,
                                    const std::vector<InputRecord>& completed) {
  Impl& m = *impl_;
  if (m.read_only) return Status::Unsupported("store is open read-only");
  BatchResult res;
  res.outcomes.resize(batch.size());
  // Fields are filled into copies first: on rollback the caller's batch is untouched.
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  RIWAYA_RETURN_IF_ERROR(m.db.Exec("BEGIN IMMEDIATE"));
  auto fail = [&](Status s) -> Status {
    m.find_key.Reset();
    m.find_fp.Reset();
    m.insert.Reset();
    m.insert_link.Reset();
    m.log_input.Reset();
    (void)m.db.Exec("ROLLBACK");
    return s;
  };
  std::vector<std::pair<std::string, std::string>> filled(batch.size());  // id, fingerprint
  for (size_t i = 0; i < batch.size(); ++i) {
    model::Article& a = batch[i];
    ArticleOutcome& out = res.outcomes[i];
    if (a.key.empty()) {
      out.outcome = Outcome::kRejected;
      out.reason = "article has no key (title: " + a.title.substr(0, 80) + ")";
      ++res.rejected;
      continue;
    }
    Status st;
    m.find_key.Bind(1, a.key);
    if (m.find_key.Step(&st)) {
      out.outcome = Outcome::kUnchanged;
      out.seq = m.find_key.Int(0);
      m.find_key.Reset();
      ++res.unchanged;
      continue;
    }
    m.find_key.Reset();
    if (!st.ok()) return fail(st);

    const std::string id = a.id.empty() ? model::IdForKey(a.key) : a.id;
    const std::string fp = a.fingerprint.empty() ? news::ArticleFingerprint(a) : a.fingerprint;
    int64_t copy_of = 0;
    if (!fp.empty()) {
      m.find_fp.Bind(1, fp);
      if (m.find_fp.Step(&st) && !m.find_fp.IsNull(0)) copy_of = m.find_fp.Int(0);
      m.find_fp.Reset();
      if (!st.ok()) return fail(st);
    }
    Stmt& s = m.insert;
    s.Bind(1, id).Bind(2, a.key).Bind(3, a.outlet).Bind(4, a.credit).Bind(5, a.url).Bind(6, a.canonical_url);
    s.Bind(7, a.title).Bind(8, a.abstract).Bind(9, ParagraphsJson(a.paragraphs)).Bind(10, a.author);
    s.Bind(11, a.category).Bind(12, a.language).Bind(13, int64_t{a.published.known});
    s.Bind(14, int64_t{a.published.date_only});
    if (a.published.known) {
      s.Bind(15, a.published.epoch_seconds);
    } else {
      s.BindNull(15);
    }
    s.Bind(16, a.published.original).Bind(17, model::DateSourceName(a.published.source));
    s.Bind(18, a.crawled_epoch).Bind(19, a.crawled_original).Bind(20, a.related_to).Bind(21, fp);
    if (copy_of) {
      s.Bind(22, copy_of);
    } else {
      s.BindNull(22);
    }
    s.Bind(23, now).Bind(24, a.origin.kind).Bind(25, a.origin.path).Bind(26, a.origin.record);
    s.Bind(27, a.origin.line).Bind(28, a.origin.byte_offset);
    s.Bind(29, a.published.known ? MonthOf(a.published.epoch_seconds) : std::string());
    s.Step(&st);
    const int rc = sqlite3_extended_errcode(m.db.get());
    s.Reset();
    if (!st.ok()) {
      if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        // The only unique column left is id: two keys hashing alike. Keep
        // going; the batch's other articles are fine.
        out.outcome = Outcome::kRejected;
        out.reason = "id " + id + " of key " + a.key + " is already used by another key";
        ++res.rejected;
        continue;
      }
      return fail(st);
    }
    const int64_t seq = sqlite3_last_insert_rowid(m.db.get());
    for (size_t l = 0; l < a.links.size(); ++l) {
      const auto& link = a.links[l];
      m.insert_link.Bind(1, seq).Bind(2, static_cast<int64_t>(l)).Bind(3, link.title).Bind(4, link.url);
      m.insert_link.Bind(5, link.article_key);
      st = m.insert_link.Run();
      if (!st.ok()) return fail(st);
    }
    out.outcome = copy_of ? Outcome::kCopy : Outcome::kAdded;
    out.seq = seq;
    out.copy_of_seq = copy_of;
    ++(copy_of ? res.copies : res.added);
    filled[i] = {id, fp};
  }
  for (const InputRecord& in : completed) {
    m.log_input.Bind(1, in.path).Bind(2, in.size).Bind(3, in.mtime_ns);
    m.log_input.Bind(4, in.articles).Bind(5, now);
    Status st = m.log_input.Run();
    if (!st.ok()) return fail(st);
  }
  Status st = m.db.Exec("COMMIT");
  if (!st.ok()) return fail(st);
  for (size_t i = 0; i < batch.size(); ++i) {
    const auto o = res.outcomes[i].outcome;
    if (o == Outcome::kAdded || o == Outcome::kCopy) {
      batch[i].seq = res.outcomes[i].seq;
      batch[i].id = filled[i].first;
      batch[i].fingerprint = filled[i].second;
      batch[i].ingested_at = now;
    } else if (o == Outcome::kUnchanged) {
      batch[i].seq = res.outcomes[i].seq;
    }
  }
  return res;
}

Result<model::Article> Store::GetById(std::string_view id) {
  return impl_->GetOne(impl_->by_id, [&](Stmt& s) { s.Bind(1, id); }, "no article with id " + std::string(id));
}
Result<model::Article> Store::GetBySeq(int64_t seq) {
  return impl_->GetOne(impl_->by_seq, [&](Stmt& s) { s.Bind(1, seq); }, "no article with sequence number " + std::to_string(seq));
}
Result<model::Article> Store::GetByKey(std::string_view key) {
  return impl_->GetOne(impl_->by_key, [&](Stmt& s) { s.Bind(1, key); }, "no article with key " + std::string(key));
}

Result<int64_t> Store::CopyOf(int64_t seq) {
  Stmt& s = impl_->copy_of;
  s.Reset();
  s.Bind(1, seq);
  Status st;
  if (!s.Step(&st)) {
    s.Reset();
    return NoRow(st, "no article with sequence number " + std::to_string(seq));
  }
  const int64_t v = s.IsNull(0) ? 0 : s.Int(0);
  s.Reset();
  return v;
}

Result<std::vector<model::Article>> Store::Copies(int64_t seq) {
  return impl_->Query(std::string("SELECT ") + kColumns +
                          " FROM articles WHERE fingerprint != '' AND fingerprint = "
                          "(SELECT fingerprint FROM articles WHERE seq = ?1) AND seq != ?1 ORDER BY seq",
                      [&](Stmt& s) { s.Bind(1, seq); });
}

Result<std::vector<model::Article>> Store::Related(int64_t seq) {
  // Main article first (when seq is a read-also one), then the read-also
  // articles of the same page, in sequence order.
  return impl_->Query(
      std::string("SELECT ") + kColumns +
          " FROM articles WHERE seq != ?1 AND ("
          " key = (SELECT related_to FROM articles WHERE seq = ?1 AND related_to != '')"
          " OR (related_to != '' AND related_to = (SELECT key FROM articles WHERE seq = ?1))"
          " OR (related_to != '' AND related_to = (SELECT related_to FROM articles WHERE seq = ?1)))"
          " ORDER BY related_to != '', seq",
      [&](Stmt& s) { s.Bind(1, seq); });
}

Status Store::ForEachSince(int64_t after_seq,
                           const std::function<bool(const model::Article&, int64_t)>& fn) {
  auto q = Stmt::Prepare(impl_->db.get(),
                         std::string("SELECT ") + kColumns + " FROM articles WHERE seq > ?1 ORDER BY seq");
  if (!q.ok()) return q.status();
  q->Bind(1, after_seq);
  Status st;
  while (q->Step(&st)) {
    int64_t copy_of = 0;
    model::Article a = impl_->Row(*q, &copy_of);
    RIWAYA_RETURN_IF_ERROR(impl_->LoadLinks(a));
    if (!fn(a, copy_of)) break;
  }
  return st;
}

Result<int64_t> Store::LastSeq() {
  auto q = Stmt::Prepare(impl_->db.get(), "SELECT coalesce(max(seq), 0) FROM articles");
  if (!q.ok()) return q.status();
  Status st;
  if (!q->Step(&st)) return NoRow(st, "no row");
  return q->Int(0);
}

Result<StoreStats> Store::Stats() {
  StoreStats out;
  sqlite3* db = impl_->db.get();
  {
    auto q = Stmt::Prepare(db,
                           "SELECT count(*), count(copy_of_seq), coalesce(sum(related_to != ''), 0), "
                           "coalesce(sum(pub_known = 0), 0), coalesce(max(seq), 0) FROM articles");
    if (!q.ok()) return q.status();
    Status st;
    if (!q->Step(&st)) return NoRow(st, "no row");
    out.articles = q->Int(0);
    out.copies = q->Int(1);
    out.related = q->Int(2);
    out.undated = q->Int(3);
    out.last_seq = q->Int(4);
  }
  auto q = Stmt::Prepare(db,
                         "SELECT outlet, CASE WHEN pub_month = '' THEN 'unknown' ELSE pub_month END AS m, "
                         "count(*) FROM articles GROUP BY outlet, m ORDER BY outlet, m");
  if (!q.ok()) return q.status();
  Status st;
  while (q->Step(&st)) {
    std::string outlet = q->Text(0);
    if (out.outlets.empty() || out.outlets.back().outlet != outlet) out.outlets.push_back({outlet, 0, {}});
    const int64_t n = q->Int(2);
    out.outlets.back().articles += n;
    out.outlets.back().per_month.push_back({q->Text(1), n});
  }
  if (!st.ok()) return st;
  std::stable_sort(out.outlets.begin(), out.outlets.end(),
                   [](const OutletCount& a, const OutletCount& b) { return a.articles > b.articles; });
  return out;
}

Result<std::optional<InputRecord>> Store::FindInput(std::string_view path) {
  auto q = Stmt::Prepare(impl_->db.get(), "SELECT path, size, mtime_ns, articles FROM ingest_log WHERE path = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, path);
  Status st;
  if (!q->Step(&st)) {
    if (!st.ok()) return st;
    return std::optional<InputRecord>();
  }
  return std::optional<InputRecord>(InputRecord{q->Text(0), q->Int(1), q->Int(2), q->Int(3)});
}

Result<std::string> Store::IntegrityCheck() {
  auto q = Stmt::Prepare(impl_->db.get(), "PRAGMA integrity_check");
  if (!q.ok()) return q.status();
  std::string out;
  Status st;
  while (q->Step(&st)) {
    if (!out.empty()) out += "\n";
    out += q->Text(0);
  }
  if (!st.ok()) return st;
  return out;
}

}  // namespace riwaya::store
