#include "riwaya_driver.h"

#include <algorithm>
#include <filesystem>

#include "index/index.h"
#include "text/analyzer.h"

namespace riwaya::bench {
namespace {

constexpr size_t kFlushBytes = size_t(128) << 20;

class RiwayaEngine : public SearchEngine {
 public:
  RiwayaEngine(std::string dir, std::shared_ptr<const text::Analyzer> analyzer)
      : dir_(std::move(dir)), analyzer_(std::move(analyzer)) {}

  Status Open() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    index::IndexOptions opt;
    opt.analyzer = analyzer_;
    // The product's setting (engine_search.cpp kFlushBytes): a segment per
    // 128 MiB of buffered postings bounds the memory of adding; ANT fits in
    // one, larger corpora pay a final Merge(1) as a real index does.
    opt.flush_bytes = kFlushBytes;
    auto idx = index::Index::Open(dir_, opt);
    if (!idx.ok()) return idx.status();
    index_ = std::move(*idx);
    return Status::Ok();
  }

  std::string_view name() const override { return "riwaya"; }

  Status Add(uint32_t ordinal, const BenchDoc& doc) override {
    body_ = doc.abstract;
    body_ += "\n\n";
    body_ += doc.text;
    index::Document d;
    d.seq = ordinal + 1;  // seq 0 is reserved
    d.title = doc.title;
    d.body = body_;
    d.date = doc.date != 0 ? doc.date : index::kNoDate;
    last_ = d.seq;
    return index_->Add(d);
  }

  Status Finish() override {
    RIWAYA_RETURN_IF_ERROR(index_->Commit(last_));
    RIWAYA_RETURN_IF_ERROR(index_->Merge(1));
    searcher_ = index_->searcher();
    size_ = DirectorySize(dir_);
    return Status::Ok();
  }

  uint64_t SizeBytes() const override { return size_; }

  Status Search(const BenchQuery& query, size_t k, std::vector<uint32_t>& out) override {
    out.clear();
    // Built directly from the analyser's tokens (not the query language) so that
    // punctuation in eval questions can never read as operators.
    toks_.clear();
    analyzer_->Analyze(query.text, toks_);
    if (toks_.empty()) return Status::Ok();
    index::Query q;
    index::QueryNode& root = q.root;
    if (query.kind == QueryKind::kPhrase && toks_.size() > 1) {
      root.kind = index::QueryNode::Kind::kPhrase;
      for (const auto& t : toks_) {
        root.terms.push_back(t.term);
        root.offsets.push_back(t.position - toks_[0].position);
      }
    } else {
      std::vector<std::string> terms;
      for (const auto& t : toks_)
        if (std::find(terms.begin(), terms.end(), t.term) == terms.end()) terms.push_back(t.term);
      if (terms.size() == 1) {
        root.kind = index::QueryNode::Kind::kTerm;
        root.terms = terms;
      } else {
        root.kind = query.kind == QueryKind::kAnd ? index::QueryNode::Kind::kAnd : index::QueryNode::Kind::kOr;
        for (auto& t : terms) {
          index::QueryNode leaf;
          leaf.kind = index::QueryNode::Kind::kTerm;
          leaf.terms.push_back(std::move(t));
          root.children.push_back(std::move(leaf));
        }
      }
    }
    index::SearchOptions opt;
    opt.limit = k;
    opt.exact_total = false;  // the peers are not asked for exact totals either
    opt.collapse_copies = false;
    auto r = searcher_->Search(q, opt);
    if (!r.ok()) return r.status();
    for (const auto& h : r->hits) out.push_back(h.seq - 1);
    return Status::Ok();
  }

 private:
  std::string dir_;
  std::shared_ptr<const text::Analyzer> analyzer_;
  std::unique_ptr<index::Index> index_;
  std::shared_ptr<const index::Searcher> searcher_;
  std::vector<text::Token> toks_;
  std::string body_;
  uint32_t last_ = 0;
  uint64_t size_ = 0;
};

}  // namespace

Result<std::unique_ptr<SearchEngine>> MakeRiwayaEngine(const std::string& dir, std::string_view analyzer) {
  std::string_view name = analyzer.empty() ? text::kDefaultAnalyzer : analyzer;
  std::shared_ptr<const text::Analyzer> a = text::MakeAnalyzer(name);
  if (!a) return Status::NotFound("riwaya: no analyzer named '" + std::string(name) + "'");
  auto e = std::make_unique<RiwayaEngine>(dir, std::move(a));
  RIWAYA_RETURN_IF_ERROR(e->Open());
  return std::unique_ptr<SearchEngine>(std::move(e));
}

}  // namespace riwaya::bench
