#include "ingest/plain_page.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "ingest/content_key.h"
#include "ingest/page_lines.h"
#include "ingest/paragraphs.h"
#include "model/article.h"
#include "text/dates.h"

namespace riwaya::ingest {
namespace {

struct Line {
  std::string_view text;  // trimmed
  int64_t number = 0;     // 1-based
  size_t offset = 0;      // byte offset of the raw line
};

// Lines made only of decoration ("-----", "***", "___") separate nothing we keep.
bool IsDecoration(std::string_view s) {
  for (char c : s) {
    if (c != '-' && c != '*' && c != '_' && c != '=' && c != '~' && c != '#' && c != ' ')
      return false;
  }
  return true;
}

// A line that reads like running text rather than a headline.
bool LooksLikeParagraph(std::string_view s) {
  if (CountWords(s) >= 12) return true;
  for (std::string_view end : {".", "\xD8\x9F", "?", "!", "\xE2\x80\x9D", "\"", "\xC2\xBB"}) {
    if (s.size() >= end.size() && s.substr(s.size() - end.size()) == end && CountWords(s) >= 5)
      return true;
  }
  return false;
}

// One section of the page: the main article, or one read-also block.
struct Section {
  bool main = false;
  std::vector<Line> lines;  // content lines, labels and credits already removed
  std::optional<Line> date_line;
  std::optional<DateLabel> date;
  std::string credit;
};

struct Pending {
  model::Article article;
  bool emit = true;
};

model::PublishedDate DateFrom(const Section& s, const Source& source) {
  model::PublishedDate d;
  if (!s.date) return d;
  text::DateContext ctx;
  ctx.reference_epoch = source.fetched_epoch;
  auto m = text::ParseDate(s.date->value, ctx);
  if (!m) return d;  // a label with no readable date: unknown, never guessed
  d.known = true;
  d.date_only = m->date_only;
  d.epoch_seconds = m->epoch_seconds;
  d.original = std::string(s.date->value);
  d.source = model::DateSource::kTextLabel;
  return d;
}

}  // namespace

void ParsePlainPage(std::string_view text, const Source& source, Sink& sink) {
  const std::string& input = source.path.empty() ? source.url : source.path;
  // Offsets are reported against the input as given, BOM included.
  size_t base = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
    base = 3;
  }
  if (size_t bad = utf8::FindInvalid(text); bad != std::string_view::npos) {
    const auto lc = utf8::Locate(text.substr(0, bad), bad);
    sink.Reject({input,
                 "byte " + std::to_string(bad + base) + " (line " + std::to_string(lc.line) + ")",
                 "invalid UTF-8; page rejected"});
    return;
  }
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    // Text never holds NUL; downstream C APIs would cut the article there.
    sink.Reject({input, "byte " + std::to_string(nul + base), "NUL byte in text; page rejected"});
    return;
  }
  if (TrimBlank(text).empty()) {
    sink.Reject({input, "byte 0", "empty page"});
    return;
  }

  // Split into sections: the main article, then one per bare read-also marker.
  std::vector<Section> sections(1);
  sections[0].main = true;
  std::vector<model::PageLink> inline_links;
  int64_t number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    Line line{TrimBlank(text.substr(start, nl - start)), ++number, start + base};
    start = nl + 1;
    if (line.text.empty() || IsDecoration(line.text)) continue;
    if (auto ra = MatchReadAlso(line.text)) {
      if (ra->inline_title.empty()) {
        sections.emplace_back();
      } else {
        inline_links.push_back({std::string(ra->inline_title), "", ""});
      }
      continue;
    }
    Section& sec = sections.back();
    if (auto dl = MatchDateLabel(line.text)) {
      // Publication beats update; the first of each kind wins.
      if (!sec.date || (sec.date->is_update && !dl->is_update)) {
        sec.date = dl;
        sec.date_line = line;
      }
      continue;
    }
    // A credit line is never the title: the title is the first other line.
    if (!sec.lines.empty() || !sec.main) {
      if (auto credit = MatchCreditLine(line.text)) {
        if (sec.credit.empty()) sec.credit = std::move(*credit);
        continue;
      }
    } else if (auto credit = MatchCreditLine(line.text); credit && credit->size() < line.text.size()) {
      // Before the title only unambiguous forms ("المصدر: ..."), not a bare name.
      if (sec.credit.empty()) sec.credit = std::move(*credit);
      continue;
    }
    sec.lines.push_back(line);
  }

  // Build articles.
  std::vector<Pending> out;
  std::vector<model::PageLink> links;
  for (size_t si = 0; si < sections.size(); ++si) {
    Section& sec = sections[si];
    if (sec.lines.empty()) continue;
    const bool is_article =
        sec.main || (sec.lines.size() >= 2 && [&] {
          for (size_t k = 1; k < sec.lines.size(); ++k)
            if (LooksLikeParagraph(sec.lines[k].text)) return true;
          return false;
        }());
    if (!is_article) {
      // A list of related headlines: links only.
      for (const Line& l : sec.lines) links.push_back({std::string(l.text), "", ""});
      continue;
    }
    model::Article a;
    a.title = std::string(sec.lines[0].text);
    for (size_t k = 1; k < sec.lines.size(); ++k) a.paragraphs.emplace_back(sec.lines[k].text);
    a.credit = sec.credit;
    if (a.credit.empty() && !a.paragraphs.empty()) {
      if (auto c = MatchDatelineCredit(a.paragraphs[0])) a.credit = std::move(*c);
    }
    a.published = DateFrom(sec, source);
    a.key = ContentKey("page:", a.title, a.paragraphs);
    a.id = model::IdForKey(a.key);
    a.origin.kind = source.kind.empty() ? "file" : source.kind;
    a.origin.path = input;
    a.origin.line = sec.lines[0].number;
    a.origin.byte_offset = static_cast<int64_t>(sec.lines[0].offset);
    if (sec.main) {
      a.url = source.url;
      if (a.paragraphs.empty()) {
        sink.Reject({input, "line " + std::to_string(sec.lines[0].number),
                     "page has a title but no body text"});
        out.push_back({std::move(a), false});
        continue;
      }
    }
    out.push_back({std::move(a), true});
  }
  if (out.empty() && links.empty() && inline_links.empty()) {
    sink.Reject({input, "byte 0", "page has no title or text (only labels or credit lines)"});
    return;
  }

  // out[0] is the main article whenever the first section has a title.
  const bool has_main_section = !sections[0].lines.empty() && !out.empty();
  if (has_main_section) {
    model::Article& main = out[0].article;
    const bool main_emitted = out[0].emit;
    for (size_t k = 1; k < out.size(); ++k) {
      model::Article& ra = out[k].article;
      if (main_emitted) ra.related_to = main.key;
      main.links.push_back({ra.title, "", ra.key});
    }
    for (auto& l : inline_links) main.links.push_back(std::move(l));
    for (auto& l : links) main.links.push_back(std::move(l));
  }
  size_t emitted = 0;
  for (size_t k = 0; k < out.size(); ++k) {
    if (!out[k].emit) continue;
    out[k].article.origin.record = static_cast<int64_t>(k);
    sink.Article(std::move(out[k].article));
    ++emitted;
  }
  if (emitted == 0 && !(has_main_section && !out[0].emit)) {
    sink.Reject({input, "byte 0", "page has read-also links but no article of its own"});
  }
}

}  // namespace riwaya::ingest
