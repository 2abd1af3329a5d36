#include "server/api_json.h"

#include <chrono>
#include <cstdio>

#include "base/utf8.h"
#include "server/server.h"

namespace riwaya::server {

using nlohmann::json;

uint32_t Utf16Offset(std::string_view s, uint32_t byte_offset) {
  size_t end = std::min<size_t>(byte_offset, s.size());
  // Back off continuation bytes so a span never splits a character.
  while (end > 0 && end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  uint32_t units = 0;
  size_t i = 0;
  while (i < end) {
    char32_t cp = utf8::Next(s, i);
    units += cp >= 0x10000 ? 2 : 1;
  }
  return units;
}

json SpansJson(std::string_view text, const std::vector<engine::Span>& spans) {
  json out = json::array();
  for (const auto& sp : spans) {
    if (sp.begin >= sp.end || sp.begin >= text.size()) continue;
    uint32_t b = Utf16Offset(text, sp.begin), e = Utf16Offset(text, sp.end);
    if (b < e) out.push_back({b, e});
  }
  return out;
}

std::string IsoUtc(int64_t epoch) {
  using namespace std::chrono;
  sys_seconds tp{seconds{epoch}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

json DateJson(const model::PublishedDate& d) {
  json j = {{"known", d.known}, {"source", model::DateSourceName(d.source)}, {"original", d.original}};
  if (d.known) {
    j["epoch"] = d.epoch_seconds;
    j["iso"] = d.date_only ? IsoUtc(d.epoch_seconds).substr(0, 10) : IsoUtc(d.epoch_seconds);
    j["date_only"] = d.date_only;
  }
  return j;
}

json ArticleJson(const model::Article& a, bool full) {
  json j = {{"id", a.id},
            {"seq", a.seq},
            {"outlet", a.outlet},
            {"credit", a.credit},
            {"url", a.url},
            {"title", a.title},
            {"category", a.category},
            {"published", DateJson(a.published)}};
  if (!full) return j;
  j["key"] = a.key;
  j["canonical_url"] = a.canonical_url;
  j["abstract"] = a.abstract;
  j["paragraphs"] = a.paragraphs;
  j["author"] = a.author;
  j["language"] = a.language;
  j["fingerprint"] = a.fingerprint;
  j["ingested_at"] = a.ingested_at;
  if (a.crawled_epoch) j["crawled"] = {{"epoch", a.crawled_epoch}, {"iso", IsoUtc(a.crawled_epoch)}, {"original", a.crawled_original}};
  json links = json::array();
  for (const auto& l : a.links) {
    json lj = {{"title", l.title}, {"url", l.url}};
    if (!l.article_key.empty()) lj["article_id"] = model::IdForKey(l.article_key);
    links.push_back(std::move(lj));
  }
  j["links"] = std::move(links);
  j["related_to"] = a.related_to.empty() ? json(nullptr) : json(model::IdForKey(a.related_to));
  j["origin"] = {{"kind", a.origin.kind},
                 {"path", a.origin.path},
                 {"record", a.origin.record},
                 {"line", a.origin.line},
                 {"byte_offset", a.origin.byte_offset}};
  return j;
}

namespace {
json Facets(const std::vector<engine::FacetCount>& f) {
  json out = json::array();
  for (const auto& c : f) out.push_back({{"value", c.value}, {"count", c.count}});
  return out;
}
}  // namespace

json SearchResultJson(const engine::SearchRequest& req, const engine::SearchResult& r) {
  json hits = json::array();
  for (const auto& h : r.hits) {
    json j = ArticleJson(h.article, false);
    j["score"] = h.score;
    j["copies"] = h.copies;
    j["title_spans"] = SpansJson(h.article.title, h.title_highlights);
    j["snippet"] = {{"text", h.snippet}, {"spans", SpansJson(h.snippet, h.snippet_highlights)}};
    hits.push_back(std::move(j));
  }
  json buckets = json::array();
  for (const auto& b : r.histogram) buckets.push_back({{"start", b.value}, {"count", b.count}});
  return {{"query",
           {{"q", req.query},
            {"outlet", req.outlet},
            {"category", req.category},
            {"from", req.from_epoch},
            {"to", req.to_epoch},
            {"sort", req.sort == engine::SearchRequest::Sort::kDate ? "date" : "relevance"},
            {"limit", req.limit},
            {"offset", req.offset}}},
          {"total", r.total},
          {"micros", r.micros},
          {"hits", std::move(hits)},
          {"facets", {{"outlet", Facets(r.outlets)}, {"category", Facets(r.categories)}}},
          {"histogram", {{"interval", req.histogram}, {"buckets", std::move(buckets)}}}};
}

json OutletsJson(const engine::Stats& s) {
  json out = json::array();
  for (const auto& o : s.outlets) {
    json months = json::array();
    for (const auto& m : o.per_month) months.push_back({{"month", m.value}, {"count", m.count}});
    out.push_back({{"outlet", o.outlet}, {"articles", o.articles}, {"per_month", std::move(months)}});
  }
  return {{"outlets", std::move(out)}};
}

json StatsJson(const engine::Stats& s) {
  return {{"articles", s.articles}, {"copies", s.copies},       {"related", s.related},
          {"undated", s.undated},   {"last_seq", s.last_seq},   {"indexed_seq", s.indexed_seq},
          {"outlets", s.outlets.size()}};
}

json IngestReportJson(const engine::IngestReport& r) {
  json rej = json::array();
  for (const auto& x : r.rejections)
    rej.push_back({{"input", x.input}, {"position", x.position}, {"reason", x.reason}});
  return {{"added", r.added},         {"copies", r.copies}, {"unchanged", r.unchanged},
          {"rejected", r.rejected},   {"bytes", r.bytes},   {"seconds", r.seconds},
          {"rejections", std::move(rej)}};
}

json FeedsJson(const std::vector<FeedHealth>& feeds) {
  json out = json::array();
  for (const auto& f : feeds) {
    json j = {{"url", f.url},
              {"title", f.title},
              {"outlet", f.outlet},
              {"items_seen", f.items_seen},
              {"consecutive_failures", f.consecutive_failures},
              {"last_error", f.last_error}};
    j["last_success"] = f.last_success ? json(IsoUtc(f.last_success)) : json(nullptr);
    j["last_attempt"] = f.last_attempt ? json(IsoUtc(f.last_attempt)) : json(nullptr);
    j["state"] = f.last_attempt == 0 ? "pending" : f.consecutive_failures == 0 ? "ok" : "failing";
    out.push_back(std::move(j));
  }
  return {{"feeds", std::move(out)}};
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace riwaya::server
