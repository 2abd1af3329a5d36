#include "server/api_json.h"

#include <algorithm>

#include "base/utf8.h"
#include "engine/article_json.h"
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

std::string IsoUtc(int64_t epoch) { return engine::IsoUtc(epoch); }

json DateJson(const model::PublishedDate& d) { return engine::PublishedJson(d); }

json ArticleJson(const model::Article& a, bool full) {
  if (!full) {
    return {{"id", a.id},
            {"seq", a.seq},
            {"outlet", a.outlet},
            {"credit", a.credit},
            {"url", a.url},
            {"title", a.title},
            {"category", a.category},
            {"published", DateJson(a.published)}};
  }
  // The engine's full form, with keys turned into ids a client can follow.
  json j = engine::ArticleToJson(a);
  json links = json::array();
  for (const auto& l : a.links) {
    json lj = {{"title", l.title}, {"url", l.url}};
    if (!l.article_key.empty()) lj["article_id"] = model::IdForKey(l.article_key);
    links.push_back(std::move(lj));
  }
  j["links"] = std::move(links);
  j["related_to"] = a.related_to.empty() ? json(nullptr) : json(model::IdForKey(a.related_to));
  if (a.crawled_epoch == 0) j.erase("crawled");  // unknown crawl time: say nothing
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
  // Articles that name no outlet are grouped under "": that is no outlet.
  const auto named = std::count_if(s.outlets.begin(), s.outlets.end(),
                                   [](const engine::OutletStats& o) { return !o.outlet.empty(); });
  return {{"articles", s.articles}, {"copies", s.copies},       {"related", s.related},
          {"undated", s.undated},   {"last_seq", s.last_seq},   {"indexed_seq", s.indexed_seq},
          {"outlets", named}};
}

json IngestReportJson(const engine::IngestReport& r) { return engine::IngestReportToJson(r); }

json FeedsJson(const std::vector<FeedHealth>& feeds) {
  json out = json::array();
  for (const auto& f : feeds) {
    json j = {{"url", f.url},
              {"title", f.title},
              {"outlet", f.outlet},
              {"items_seen", f.items_seen},
              {"articles_added", f.articles_added},
              {"consecutive_failures", f.consecutive_failures},
              {"last_error", f.last_error}};
    j["last_success"] = f.last_success ? json(IsoUtc(f.last_success)) : json(nullptr);
    j["last_attempt"] = f.last_attempt ? json(IsoUtc(f.last_attempt)) : json(nullptr);
    j["next_poll"] = f.next_poll ? json(IsoUtc(f.next_poll)) : json(nullptr);
    j["state"] = f.last_attempt == 0 ? "pending" : f.consecutive_failures == 0 ? "ok" : "failing";
    out.push_back(std::move(j));
  }
  return {{"feeds", std::move(out)}};
}

std::string Dump(const json& j) { return engine::Dump(j, -1); }

}  // namespace riwaya::server
