#include "cli/render.h"

#include <fmt/core.h>

#include "engine/article_json.h"

namespace riwaya::cli {

std::string RenderDate(const model::PublishedDate& d) {
  if (!d.known) {
    return d.original.empty() ? std::string("unknown")
                              : fmt::format("unknown (found «{}» but could not anchor it)", d.original);
  }
  const std::string iso = engine::IsoUtc(d.epoch_seconds);
  return fmt::format("{}{} — from {}{}", d.date_only ? iso.substr(0, 10) : iso, d.date_only ? " (date only)" : "",
                     model::DateSourceName(d.source), d.original.empty() ? "" : ": «" + d.original + "»");
}

std::string RenderArticle(const model::Article& a) {
  std::string out;
  auto line = [&](const char* label, const std::string& v) {
    if (!v.empty()) out += fmt::format("{:<10} {}\n", label, v);
  };
  line("title", a.title.empty() ? "(no title)" : a.title);
  if (a.seq) line("seq", std::to_string(a.seq));
  line("id", a.id);
  line("key", a.key);
  line("outlet", a.outlet);
  line("credit", a.credit);
  line("author", a.author);
  line("category", a.category);
  line("url", a.url);
  if (a.canonical_url != a.url) line("canonical", a.canonical_url);
  line("published", RenderDate(a.published));
  if (a.crawled_epoch)
    line("crawled", engine::IsoUtc(a.crawled_epoch) + " (crawl time, not publication)");
  line("related", a.related_to.empty() ? "" : "read-also article of " + a.related_to);
  line("fingerprint", a.fingerprint);
  line("origin", a.origin.path.empty() ? "" : fmt::format("{} {} record {}{}", a.origin.kind, a.origin.path,
                                                          a.origin.record,
                                                          a.origin.line ? fmt::format(" line {}", a.origin.line) : ""));
  if (!a.abstract.empty()) out += "\n" + a.abstract + "\n";
  out += fmt::format("\n{} paragraph(s):\n", a.paragraphs.size());
  for (const auto& p : a.paragraphs) out += "  " + p + "\n";
  if (!a.links.empty()) {
    out += "\nlinks (read-also / related):\n";
    for (const auto& l : a.links) {
      out += "  - " + l.title;
      if (!l.url.empty()) out += "  " + l.url;
      if (!l.article_key.empty()) out += "  [article " + l.article_key + "]";
      out += "\n";
    }
  }
  return out;
}

std::string RenderSummary(const model::Article& a) {
  const std::string date = a.published.known ? engine::IsoUtc(a.published.epoch_seconds).substr(0, 10) : "undated";
  return fmt::format("#{} {} {} {} {}", a.seq, a.id, a.outlet.empty() ? "-" : a.outlet, date,
                     a.title.empty() ? "(no title)" : a.title);
}

}  // namespace riwaya::cli
