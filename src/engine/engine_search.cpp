// The search side of EngineImpl: keeping <dir>/index in step with the store
// and answering queries from an index snapshot plus the stored articles.
#include <chrono>
#include <filesystem>
#include <string_view>

#include "engine/engine_impl.h"
#include "index/highlighter.h"
#include "text/analyzer.h"

namespace riwaya::engine {

namespace {

namespace fs = std::filesystem;

constexpr size_t kSnippetChars = 240;
constexpr std::string_view kEllipsisBefore = "… ", kEllipsisAfter = " …";
// Buffered memory before the index cuts a segment: bounds ingest memory
// (128 MiB holds about 60,000 news articles, ANT twice over, in one segment).
constexpr size_t kFlushBytes = size_t(128) << 20;

index::IndexOptions MakeIndexOptions() {
  index::IndexOptions o;
  o.analyzer = std::shared_ptr<const text::Analyzer>(text::MakeAnalyzer(text::kDefaultAnalyzer));
  o.flush_bytes = kFlushBytes;
  return o;
}

index::SearchOptions::Histogram HistogramOf(const std::string& h) {
  if (h == "day") return index::SearchOptions::Histogram::kDay;
  if (h == "week") return index::SearchOptions::Histogram::kWeek;
  return index::SearchOptions::Histogram::kMonth;
}

std::vector<FacetCount> Facets(const std::vector<index::FacetCount>& in) {
  std::vector<FacetCount> out;
  out.reserve(in.size());
  for (const auto& f : in) out.push_back({f.value, f.count});
  return out;
}

}  // namespace

std::string EngineImpl::IndexDir() const { return (fs::path(dir_) / "index").string(); }

Status EngineImpl::OpenIndex() {
  const std::string path = IndexDir();
  auto idx = index::Index::Open(path, MakeIndexOptions());
  if (!idx.ok() && (idx.status().code() == Status::Code::kCorrupt ||
                    idx.status().code() == Status::Code::kInvalid)) {
    // The index is derived: drop it and rebuild from the store.
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) return Status::IoError("cannot remove damaged index " + path + ": " + ec.message());
    idx = index::Index::Open(path, MakeIndexOptions());
  }
  if (!idx.ok()) return idx.status();
  index_ = std::move(idx.value());
  return CatchUp(nullptr);
}

Status EngineImpl::CatchUp(const std::function<void(const Progress&)>& on_progress) {
  if (!index_) return Status::Ok();
  std::lock_guard<std::mutex> ig(index_mu_);
  std::lock_guard<std::mutex> wg(writer_mu_);
  auto last = writer_->LastSeq();
  if (!last.ok()) return last.status();
  const int64_t from = static_cast<int64_t>(index_->last_seq());
  if (*last <= from) return Status::Ok();
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  Status add_error;
  int64_t done = 0;
  std::string body;
  Status st = writer_->ForEachSince(from, [&](const model::Article& a, int64_t copy_of) {
    body = a.abstract;
    for (const auto& p : a.paragraphs) {
      if (!body.empty()) body += "\n\n";
      body += p;
    }
    index::Document d;
    d.seq = static_cast<uint32_t>(a.seq);
    d.title = a.title;
    d.body = body;
    d.author = a.author;
    d.outlet = a.outlet;
    d.category = a.category;
    d.date = a.published.known ? a.published.epoch_seconds : index::kNoDate;
    d.copy_of = static_cast<uint32_t>(copy_of > 0 ? copy_of : 0);
    add_error = index_->Add(d);
    ++done;
    if (on_progress) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_report > std::chrono::milliseconds(100)) {
        last_report = now;
        Progress p;
        p.input = "index";
        p.articles = done;
        p.bytes_done = static_cast<uint64_t>(a.seq - from);
        p.bytes_total = static_cast<uint64_t>(*last - from);
        p.seconds = std::chrono::duration<double>(now - start).count();
        on_progress(p);
      }
    }
    return add_error.ok();
  });
  if (!st.ok()) return st;
  if (!add_error.ok()) return add_error;
  return index_->Commit(static_cast<uint64_t>(*last));
}

Status EngineImpl::Reindex(const std::function<void(const Progress&)>& on_progress) {
  if (!index_) return Status::Unsupported("cannot reindex: data directory opened read-only");
  {
    std::lock_guard<std::mutex> ig(index_mu_);
    RIWAYA_RETURN_IF_ERROR(index_->Clear());
  }
  RIWAYA_RETURN_IF_ERROR(CatchUp(on_progress));
  std::lock_guard<std::mutex> ig(index_mu_);
  return index_->Merge(1);
}

Result<SearchResult> EngineImpl::Search(const SearchRequest& request) {
  if (!index_) {
    return Status::Unsupported(
        "search needs the index, but the data directory is open read-only (another riwaya "
        "process is writing it: query that process, e.g. GET /api/search)");
  }
  const auto start = std::chrono::steady_clock::now();
  auto searcher = index_->searcher();
  auto query = searcher->Parse(request.query);
  if (!query.ok()) return query.status();

  index::SearchOptions o;
  o.offset = static_cast<size_t>(std::max(request.offset, 0));
  o.limit = static_cast<size_t>(std::max(request.limit, 0));
  o.sort = request.sort == SearchRequest::Sort::kDate ? index::SearchOptions::Sort::kDate
                                                       : index::SearchOptions::Sort::kRelevance;
  o.facets = true;
  o.histogram = HistogramOf(request.histogram);
  o.outlet = request.outlet;
  o.category = request.category;
  o.from = request.from_epoch != 0 ? request.from_epoch : index::kNoDate;
  o.to = request.to_epoch != 0 ? request.to_epoch : index::kNoDate;
  auto found = searcher->Search(*query, o);
  if (!found.ok()) return found.status();

  SearchResult out;
  out.total = found->total;
  out.outlets = Facets(found->outlets);
  out.categories = Facets(found->categories);
  out.histogram = Facets(found->histogram);
  const index::Highlighter highlighter(searcher->analyzer(), *query);
  // Only the store read is serialised; snippets are built outside the lock
  // so concurrent searches overlap on the CPU-heavy part.
  std::vector<std::pair<const index::Hit*, model::Article>> articles;
  articles.reserve(found->hits.size());
  {
    std::lock_guard<std::mutex> g(reader_mu_);
    for (const index::Hit& h : found->hits) {
      auto a = reader_->GetBySeq(h.seq);
      if (!a.ok()) continue;  // deleted from the store after the snapshot
      articles.emplace_back(&h, std::move(a.value()));
    }
  }
  for (auto& [h, a] : articles) {
    SearchHit hit;
    hit.score = h->score;
    hit.copies = h->copies;
    std::string text = a.abstract.empty() ? a.Body() : a.abstract + "\n\n" + a.Body();
    index::Snippet sn = highlighter.Make(text, kSnippetChars);
    // An excerpt from inside the text says so, so it never reads as the opening
    // or the end of the article; highlights move with the leading mark.
    const uint32_t shift = sn.cut_before ? static_cast<uint32_t>(kEllipsisBefore.size()) : 0;
    hit.snippet.reserve(kEllipsisBefore.size() + sn.text.size() + kEllipsisAfter.size());
    if (sn.cut_before) hit.snippet = kEllipsisBefore;
    hit.snippet += sn.text;
    if (sn.cut_after) hit.snippet += kEllipsisAfter;
    for (const auto& sp : sn.highlights) hit.snippet_highlights.push_back({sp.begin + shift, sp.end + shift});
    for (const auto& sp : highlighter.Highlights(a.title)) hit.title_highlights.push_back({sp.begin, sp.end});
    hit.article = std::move(a);
    hit.article.paragraphs.clear();  // results carry the snippet, not the body
    out.hits.push_back(std::move(hit));
  }
  out.micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace riwaya::engine
