// Lucene++ peer: ArabicAnalyzer from lucene++-contrib (normalisation, light
// stemming, stopwords), FSDirectory, two fields (title, body = abstract+text),
// optimize() to one segment. Lucene++ keeps insertion order through merges, so
// internal docids are our ordinals and no stored id field is needed.
#include <lucene++/LuceneHeaders.h>
#include <lucene++/ArabicAnalyzer.h>
#include <lucene++/PositionIncrementAttribute.h>
#include <lucene++/TermAttribute.h>

#include <filesystem>

#include "search_engine.h"

namespace riwaya::bench {
namespace {

using namespace Lucene;

std::string Describe(const LuceneException& e) {
  return StringUtils::toUTF8(e.getError());
}

class LuceneEngine : public SearchEngine {
 public:
  explicit LuceneEngine(std::string dir) : dir_(std::move(dir)) {}
  ~LuceneEngine() override {
    try {
      if (writer_) writer_->close();
      if (searcher_) searcher_->close();
    } catch (const LuceneException&) {
    }
  }

  Status Open() {
    try {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
      std::filesystem::create_directories(dir_, ec);
      directory_ = FSDirectory::open(StringUtils::toUnicode(dir_));
      analyzer_ = newLucene<ArabicAnalyzer>(LuceneVersion::LUCENE_CURRENT);
      writer_ = newLucene<IndexWriter>(directory_, analyzer_, true, IndexWriter::MaxFieldLengthUNLIMITED);
      return Status::Ok();
    } catch (const LuceneException& e) {
      return Status::IoError("lucene++: " + dir_ + ": " + Describe(e));
    }
  }

  std::string_view name() const override { return "lucene"; }

  Status Add(uint32_t /*ordinal*/, const BenchDoc& doc) override {
    try {
      DocumentPtr d = newLucene<Document>();
      d->add(newLucene<Field>(L"title", StringUtils::toUnicode(doc.title), Field::STORE_NO,
                              Field::INDEX_ANALYZED));
      std::string body = doc.abstract;
      body += "\n";
      body += doc.text;
      d->add(newLucene<Field>(L"body", StringUtils::toUnicode(body), Field::STORE_NO,
                              Field::INDEX_ANALYZED));
      writer_->addDocument(d);
      return Status::Ok();
    } catch (const LuceneException& e) {
      return Status::Internal("lucene++: doc " + doc.id + ": " + Describe(e));
    }
  }

  Status Finish() override {
    try {
      writer_->optimize();
      writer_->close();
      writer_.reset();
      searcher_ = newLucene<IndexSearcher>(IndexReader::open(directory_, true));
      size_ = DirectorySize(dir_);
      return Status::Ok();
    } catch (const LuceneException& e) {
      return Status::IoError("lucene++: finish: " + Describe(e));
    }
  }

  uint64_t SizeBytes() const override { return size_; }

  Status Search(const BenchQuery& query, size_t k, std::vector<uint32_t>& out) override {
    out.clear();
    try {
      // Analyse once with the same analyzer as the index; keep position gaps
      // left by stopwords so phrases line up.
      std::vector<std::pair<String, int32_t>> terms;
      TokenStreamPtr ts = analyzer_->tokenStream(L"body", newLucene<StringReader>(StringUtils::toUnicode(query.text)));
      TermAttributePtr term = ts->addAttribute<TermAttribute>();
      PositionIncrementAttributePtr inc = ts->addAttribute<PositionIncrementAttribute>();
      int32_t pos = -1;
      while (ts->incrementToken()) {
        pos += inc->getPositionIncrement();
        terms.emplace_back(term->term(), pos);
      }
      ts->close();
      if (terms.empty()) return Status::Ok();

      BooleanQueryPtr top = newLucene<BooleanQuery>();
      if (query.kind == QueryKind::kPhrase) {
        for (const wchar_t* field : {L"title", L"body"}) {
          PhraseQueryPtr pq = newLucene<PhraseQuery>();
          for (const auto& [t, p] : terms) pq->add(newLucene<Term>(field, t), p);
          top->add(pq, BooleanClause::SHOULD);
        }
      } else {
        for (const auto& [t, p] : terms) {
          BooleanQueryPtr either = newLucene<BooleanQuery>();
          either->add(newLucene<TermQuery>(newLucene<Term>(L"title", t)), BooleanClause::SHOULD);
          either->add(newLucene<TermQuery>(newLucene<Term>(L"body", t)), BooleanClause::SHOULD);
          top->add(either, query.kind == QueryKind::kAnd ? BooleanClause::MUST : BooleanClause::SHOULD);
        }
      }
      TopDocsPtr docs = searcher_->search(top, static_cast<int32_t>(k));
      for (const ScoreDocPtr& sd : docs->scoreDocs) out.push_back(static_cast<uint32_t>(sd->doc));
      return Status::Ok();
    } catch (const LuceneException& e) {
      return Status::Invalid("lucene++: query '" + query.text + "': " + Describe(e));
    }
  }

 private:
  std::string dir_;
  DirectoryPtr directory_;
  AnalyzerPtr analyzer_;
  IndexWriterPtr writer_;
  IndexSearcherPtr searcher_;
  uint64_t size_ = 0;
};

}  // namespace

Result<std::unique_ptr<SearchEngine>> MakeLuceneEngine(const std::string& dir) {
  auto e = std::make_unique<LuceneEngine>(dir);
  Status s = e->Open();
  if (!s.ok()) return s;
  return std::unique_ptr<SearchEngine>(std::move(e));
}

}  // namespace riwaya::bench
