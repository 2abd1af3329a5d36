// Xapian peer: TermGenerator with the Snowball "arabic" stemmer and positions
// (Xapian's default STEM_SOME: unstemmed terms with positions for phrases,
// Z-prefixed stems for word queries), compacted with Database::compact.
#include <xapian.h>

#include <filesystem>

#include "search_engine.h"

namespace riwaya::bench {
namespace {

class XapianEngine : public SearchEngine {
 public:
  explicit XapianEngine(std::string dir) : dir_(std::move(dir)), stemmer_("arabic") {}

  Status Open() {
    try {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
      std::filesystem::remove_all(dir_ + ".compact", ec);
      std::filesystem::create_directories(std::filesystem::path(dir_).parent_path(), ec);
      wdb_ = Xapian::WritableDatabase(dir_, Xapian::DB_CREATE_OR_OVERWRITE);
      tg_.set_stemmer(stemmer_);
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return Status::IoError("xapian: " + dir_ + ": " + e.get_description());
    }
  }

  std::string_view name() const override { return "xapian"; }

  Status Add(uint32_t ordinal, const BenchDoc& doc) override {
    try {
      Xapian::Document d;
      tg_.set_document(d);
      // Gaps between fields so that phrases never straddle two of them.
      tg_.index_text(doc.title);
      tg_.increase_termpos(100);
      tg_.index_text(doc.abstract);
      tg_.increase_termpos(100);
      tg_.index_text(doc.text);
      wdb_.replace_document(ordinal + 1, d);  // Xapian docids start at 1
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return Status::Internal("xapian: doc " + doc.id + ": " + e.get_description());
    }
  }

  Status Finish() override {
    try {
      wdb_.commit();
      const std::string compact = dir_ + ".compact";
      wdb_.compact(compact);
      wdb_.close();
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
      db_ = Xapian::Database(compact);
      size_ = DirectorySize(compact);
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return Status::IoError("xapian: finish: " + e.get_description());
    }
  }

  uint64_t SizeBytes() const override { return size_; }

  Status Search(const BenchQuery& query, size_t k, std::vector<uint32_t>& out) override {
    out.clear();
    try {
      Xapian::QueryParser qp;
      qp.set_stemmer(stemmer_);
      qp.set_database(db_);
      Xapian::Query q;
      if (query.kind == QueryKind::kPhrase) {
        q = qp.parse_query("\"" + query.text + "\"", Xapian::QueryParser::FLAG_PHRASE);
      } else {
        qp.set_default_op(query.kind == QueryKind::kAnd ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
        q = qp.parse_query(query.text, 0);
      }
      Xapian::Enquire enquire(db_);
      enquire.set_query(q);
      Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(k));
      for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it - 1);
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return Status::Invalid("xapian: query '" + query.text + "': " + e.get_description());
    }
  }

 private:
  std::string dir_;
  Xapian::Stem stemmer_;
  Xapian::TermGenerator tg_;
  Xapian::WritableDatabase wdb_;
  Xapian::Database db_;
  uint64_t size_ = 0;
};

}  // namespace

Result<std::unique_ptr<SearchEngine>> MakeXapianEngine(const std::string& dir) {
  auto e = std::make_unique<XapianEngine>(dir);
  Status s = e->Open();
  if (!s.ok()) return s;
  return std::unique_ptr<SearchEngine>(std::move(e));
}

}  // namespace riwaya::bench
