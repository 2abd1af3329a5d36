#include "engine/article_json.h"

#include <cstdio>
#include <ctime>

namespace riwaya::engine {

using nlohmann::json;

std::string IsoUtc(int64_t epoch_seconds) {
  const time_t t = static_cast<time_t>(epoch_seconds);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

json PublishedJson(const model::PublishedDate& d) {
  json j;
  j["known"] = d.known;
  if (d.known) {
    j["date_only"] = d.date_only;
    j["epoch"] = d.epoch_seconds;
    j["iso"] = d.date_only ? IsoUtc(d.epoch_seconds).substr(0, 10) : IsoUtc(d.epoch_seconds);
  }
  j["original"] = d.original;
  j["source"] = model::DateSourceName(d.source);
  return j;
}

json ArticleToJson(const model::Article& a) {
  json j;
  j["id"] = a.id;
  j["seq"] = a.seq;
  j["key"] = a.key;
  j["outlet"] = a.outlet;
  j["credit"] = a.credit;
  j["url"] = a.url;
  j["canonical_url"] = a.canonical_url;
  j["title"] = a.title;
  j["abstract"] = a.abstract;
  j["paragraphs"] = a.paragraphs;
  j["author"] = a.author;
  j["category"] = a.category;
  j["language"] = a.language;
  j["published"] = PublishedJson(a.published);
  json crawled;
  crawled["epoch"] = a.crawled_epoch;
  if (a.crawled_epoch) crawled["iso"] = IsoUtc(a.crawled_epoch);
  crawled["original"] = a.crawled_original;
  j["crawled"] = crawled;
  json links = json::array();
  for (const auto& l : a.links) links.push_back({{"title", l.title}, {"url", l.url}, {"article_key", l.article_key}});
  j["links"] = links;
  j["related_to"] = a.related_to;
  j["fingerprint"] = a.fingerprint;
  j["ingested_at"] = a.ingested_at;
  j["origin"] = {{"kind", a.origin.kind},
                 {"path", a.origin.path},
                 {"record", a.origin.record},
                 {"line", a.origin.line},
                 {"byte_offset", a.origin.byte_offset}};
  return j;
}

json RejectionToJson(const ingest::Rejection& r) {
  return {{"input", r.input}, {"position", r.position}, {"reason", r.reason}};
}

json IngestReportToJson(const IngestReport& r) {
  json rej = json::array();
  for (const auto& x : r.rejections) rej.push_back(RejectionToJson(x));
  return {{"added", r.added},   {"copies", r.copies},         {"unchanged", r.unchanged},
          {"rejected", r.rejected}, {"fetch_tasks", r.fetch_tasks}, {"bytes", r.bytes},
          {"seconds", r.seconds}, {"inputs", r.inputs},        {"skipped_inputs", r.skipped_inputs}, {"skipped_articles", r.skipped_articles},
          {"rejections", rej}};
}

json StatsToJson(const Stats& s) {
  json outlets = json::array();
  for (const auto& o : s.outlets) {
    json months = json::object();
    for (const auto& m : o.per_month) months[m.value] = m.count;
    outlets.push_back({{"outlet", o.outlet}, {"articles", o.articles}, {"per_month", months}});
  }
  return {{"articles", s.articles}, {"copies", s.copies},     {"related", s.related},
          {"undated", s.undated},   {"last_seq", s.last_seq}, {"indexed_seq", s.indexed_seq},
          {"outlets", outlets}};
}

std::string Dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace riwaya::engine
