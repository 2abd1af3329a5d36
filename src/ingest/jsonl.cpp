#include "ingest/jsonl.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <optional>
#include <string>
#include <utility>

#include "base/utf8.h"
#include "ingest/content_key.h"
#include "ingest/paragraphs.h"
#include "text/dates.h"

namespace riwaya::ingest {
namespace {

using json = nlohmann::json;

std::string Str(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return {};
  if (it->is_string()) return std::string(TrimBlank(it->get_ref<const std::string&>()));
  return {};
}

// Identifiers may be numbers: {"id": 42}.
std::string IdStr(const json& o, const char* key) {
  auto it = o.find(key);
  if (it != o.end() && (it->is_number_integer() || it->is_number_unsigned())) return it->dump();
  return Str(o, key);
}

// "author": "x" or ["x", "y"] → "x، y".
std::string StrOrList(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return Str(o, key);
  std::string out;
  for (const json& v : *it) {
    if (!v.is_string()) continue;
    std::string_view s = TrimBlank(v.get_ref<const std::string&>());
    if (s.empty()) continue;
    if (!out.empty()) out += "\xD8\x8C ";  // "، "
    out += s;
  }
  return out;
}

// Why the object cannot be an article, or the article.
struct Mapped {
  std::optional<model::Article> article;
  std::string error;
  // An archive entry with a URL is kept even when its text was lost: the
  // outlet did publish that page (SaudiNewsNet has 57 such records).
  bool keep_without_text = false;
};

// The headline a URL slug spells: ".../node/620227/كيف-تسعف-طفلا.html" →
// "كيف تسعف طفلا". Used only when a SaudiNewsNet record lost its title: the
// outlet wrote those words, nothing is invented.
std::string TitleFromUrl(std::string_view url) {
  if (size_t q = url.find_first_of("?#"); q != std::string_view::npos) url = url.substr(0, q);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  const size_t slash = url.rfind('/');
  if (slash == std::string_view::npos) return {};
  std::string_view slug = url.substr(slash + 1);
  for (std::string_view ext : {".html", ".htm", ".php", ".aspx"}) {
    if (slug.size() > ext.size() && slug.substr(slug.size() - ext.size()) == ext)
      slug.remove_suffix(ext.size());
  }
  std::string out;
  bool arabic = false;
  for (size_t i = 0; i < slug.size(); ++i) {
    char c = slug[i];
    if (c == '%' && i + 2 < slug.size() && std::isxdigit(static_cast<unsigned char>(slug[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(slug[i + 2]))) {
      c = static_cast<char>(std::stoi(std::string(slug.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
    if (c == '-' || c == '_' || c == '+') c = ' ';
    if (static_cast<unsigned char>(c) == 0xD8 || static_cast<unsigned char>(c) == 0xD9) arabic = true;
    out += c;
  }
  out = CollapseBlanks(out);
  // Numeric ids and Latin slugs are not headlines.
  if (!arabic || !utf8::IsValid(out) || out.find(' ') == std::string::npos) return {};
  return out;
}

Mapped MapSaudiNewsNet(const json& o) {
  model::Article a;
  a.outlet = Str(o, "source");
  a.url = Str(o, "url");
  a.title = Str(o, "title");
  a.author = Str(o, "author");
  a.paragraphs = SplitParagraphs(Str(o, "content"));
  if (a.title.empty() && a.paragraphs.empty()) a.title = TitleFromUrl(a.url);
  // date_extracted is when the crawler saw the page, not when it was published.
  a.crawled_original = Str(o, "date_extracted");
  if (!a.crawled_original.empty()) {
    if (auto m = text::ParseDate(a.crawled_original)) a.crawled_epoch = m->epoch_seconds;
  }
  const bool has_url = !a.url.empty();
  return {std::move(a), {}, has_url};
}

Mapped MapGeneric(const json& o) {
  model::Article a;
  a.url = Str(o, "url");
  a.canonical_url = Str(o, "canonical_url");
  a.outlet = Str(o, "outlet");
  a.credit = Str(o, "credit");
  a.title = Str(o, "title");
  a.abstract = Str(o, "abstract");
  a.author = StrOrList(o, "author");
  a.category = Str(o, "category");
  if (std::string lang = Str(o, "language"); !lang.empty()) a.language = std::move(lang);
  if (auto it = o.find("paragraphs"); it != o.end() && it->is_array()) {
    for (const json& p : *it) {
      if (!p.is_string()) return {std::nullopt, "\"paragraphs\" must hold strings"};
      for (std::string& s : SplitParagraphs(p.get_ref<const std::string&>()))
        a.paragraphs.push_back(std::move(s));
    }
  } else {
    a.paragraphs = SplitParagraphs(Str(o, "body"));
  }
  if (auto it = o.find("published"); it != o.end() && !it->is_null()) {
    if (it->is_number_integer()) {
      a.published.known = true;
      a.published.epoch_seconds = it->get<int64_t>();
      a.published.original = it->dump();
      a.published.source = model::DateSource::kArchiveField;
    } else if (it->is_string()) {
      std::string s(TrimBlank(it->get_ref<const std::string&>()));
      if (auto m = text::ParseDate(s); m && !s.empty()) {
        a.published.known = true;
        a.published.date_only = m->date_only;
        a.published.epoch_seconds = m->epoch_seconds;
        a.published.original = std::move(s);
        a.published.source = model::DateSource::kArchiveField;
      }
    }
  }
  if (auto it = o.find("crawled"); it != o.end() && it->is_string()) {
    a.crawled_original = std::string(TrimBlank(it->get_ref<const std::string&>()));
    if (auto m = text::ParseDate(a.crawled_original)) a.crawled_epoch = m->epoch_seconds;
  }
  if (auto it = o.find("links"); it != o.end() && it->is_array()) {
    for (const json& l : *it) {
      model::PageLink link;
      if (l.is_string()) {
        link.url = std::string(TrimBlank(l.get_ref<const std::string&>()));
      } else if (l.is_object()) {
        link.url = Str(l, "url");
        link.title = Str(l, "title");
      }
      if (!link.url.empty() || !link.title.empty()) a.links.push_back(std::move(link));
    }
  }
  if (std::string id = IdStr(o, "id"); !id.empty() && a.url.empty() && a.canonical_url.empty())
    a.key = "id:" + id;
  return {std::move(a), {}};
}

bool IsSaudiNewsNet(const json& o) {
  return o.contains("date_extracted") || (o.contains("source") && o.contains("content"));
}

// Maps one object, fills identity and origin, then delivers it.
void Deliver(const json& o, const Source& source, Sink& sink, const std::string& position,
             int64_t record, int64_t line, uint64_t offset) {
  const std::string& input = source.path.empty() ? source.url : source.path;
  if (!o.is_object()) {
    sink.Reject({input, position, "not a JSON object"});
    return;
  }
  Mapped m = IsSaudiNewsNet(o) ? MapSaudiNewsNet(o) : MapGeneric(o);
  if (!m.article) {
    sink.Reject({input, position, m.error});
    return;
  }
  model::Article& a = *m.article;
  if (a.title.empty() && a.paragraphs.empty() && !m.keep_without_text) {
    const std::string& url = a.url.empty() ? a.canonical_url : a.url;
    if (!url.empty()) {
      // A page named but not carried: fetch it rather than store an empty article.
      FetchTask task;
      task.url = url;
      task.feed = input;
      sink.Fetch(std::move(task));
      return;
    }
    sink.Reject({input, position, "record has neither title nor body"});
    return;
  }
  if (a.key.empty()) {
    const std::string& url = a.url.empty() ? a.canonical_url : a.url;
    a.key = url.empty() ? ContentKey("json:", a.title, a.paragraphs) : "url:" + url;
  }
  a.id = model::IdForKey(a.key);
  a.origin.kind = "archive";
  a.origin.path = input;
  a.origin.record = record;
  a.origin.line = line;
  a.origin.byte_offset = static_cast<int64_t>(offset);
  sink.Article(std::move(a));
}

// nlohmann reports errors by exception; they stop here.
std::optional<json> ParseJson(std::string_view text, std::string* error) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    *error = "malformed JSON at byte " + std::to_string(e.byte);
  } catch (const std::exception& e) {
    *error = std::string("malformed JSON: ") + e.what();
  }
  return std::nullopt;
}

}  // namespace

JsonLinesParser::JsonLinesParser(const Source& source, Sink& sink) : source_(source), sink_(sink) {}

void JsonLinesParser::AddLine(std::string_view line, int64_t line_no, uint64_t offset) {
  if (TrimBlank(line).empty()) return;
  ++records_;
  const std::string position = "line " + std::to_string(line_no);
  const std::string& input = source_.path.empty() ? source_.url : source_.path;
  std::string error;
  auto parsed = ParseJson(line, &error);
  if (!parsed) {
    // The JSON parser validates UTF-8 itself; locate the bad byte only on failure.
    if (size_t bad = utf8::FindInvalid(line); bad != std::string_view::npos) {
      sink_.Reject({input, position,
                    "invalid UTF-8 at byte " + std::to_string(offset + bad) + " (column byte " +
                        std::to_string(bad + 1) + ")"});
    } else {
      sink_.Reject({input, position, error + " of the line"});
    }
    return;
  }
  Deliver(*parsed, source_, sink_, position, records_ - 1, line_no, offset);
}

bool IsWholeJsonDocument(std::string_view head) {
  std::string_view t = TrimBlank(head);
  if (t.empty()) return false;
  if (t.front() == '[') return true;
  const size_t nl = t.find('\n');
  // A JSON Lines record is never just "{" on its line.
  return nl != std::string_view::npos && TrimBlank(t.substr(0, nl)) == "{";
}

void ParseJsonLines(std::string_view text, const Source& source, Sink& sink) {
  if (IsWholeJsonDocument(text)) {
    const std::string& input = source.path.empty() ? source.url : source.path;
    if (size_t bad = utf8::FindInvalid(text); bad != std::string_view::npos) {
      sink.Reject({input, "byte " + std::to_string(bad), "invalid UTF-8 in JSON document"});
      return;
    }
    std::string error;
    auto parsed = ParseJson(text, &error);
    if (!parsed) {
      sink.Reject({input, "document", error});
      return;
    }
    if (parsed->is_object()) {
      Deliver(*parsed, source, sink, "document", 0, 1, 0);
      return;
    }
    int64_t i = 0;
    for (const json& o : *parsed) {
      Deliver(o, source, sink, "element " + std::to_string(i + 1), i, 0, 0);
      ++i;
    }
    return;
  }
  JsonLinesParser parser(source, sink);
  int64_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    parser.AddLine(text.substr(start, nl - start), ++line_no, start);
    start = nl + 1;
  }
}

}  // namespace riwaya::ingest
