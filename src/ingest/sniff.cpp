#include "ingest/sniff.h"

#include <cctype>
#include <string>

#include "base/utf8.h"

namespace riwaya::ingest {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Skips a BOM and ASCII whitespace.
std::string_view SkipLeading(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// Skips XML declarations, comments and doctype so that the first real
// element can be inspected.
std::string_view SkipProlog(std::string_view s) {
  for (int guard = 0; guard < 32; ++guard) {
    s = SkipLeading(s);
    size_t end = std::string_view::npos;
    if (s.substr(0, 4) == "<!--") {
      end = s.find("-->");
      if (end != std::string_view::npos) end += 3;
    } else if (s.substr(0, 2) == "<?" || (s.substr(0, 2) == "<!" && s.size() > 2 &&
                                          std::toupper(static_cast<unsigned char>(s[2])) != 'D')) {
      end = s.find('>');
      if (end != std::string_view::npos) end += 1;
    } else {
      return s;
    }
    if (end == std::string_view::npos) return {};
    s.remove_prefix(end);
  }
  return s;
}

Format FromExtension(std::string_view lower_name) {
  if (EndsWith(lower_name, ".trec") || EndsWith(lower_name, ".sgml")) return Format::kTrec;
  if (EndsWith(lower_name, ".jsonl") || EndsWith(lower_name, ".ndjson") ||
      EndsWith(lower_name, ".json"))
    return Format::kJsonLines;
  if (EndsWith(lower_name, ".html") || EndsWith(lower_name, ".htm") ||
      EndsWith(lower_name, ".xhtml"))
    return Format::kHtml;
  if (EndsWith(lower_name, ".rss") || EndsWith(lower_name, ".atom") ||
      EndsWith(lower_name, ".opml"))
    return Format::kFeed;
  if (EndsWith(lower_name, ".txt") || EndsWith(lower_name, ".text")) return Format::kPlainPage;
  return Format::kUnknown;
}

}  // namespace

const char* FormatName(Format f) {
  switch (f) {
    case Format::kPlainPage: return "plain page";
    case Format::kTrec: return "TREC";
    case Format::kJsonLines: return "JSON Lines";
    case Format::kHtml: return "HTML";
    case Format::kFeed: return "feed";
    case Format::kUnknown: return "unknown";
  }
  return "unknown";
}

bool LooksBinary(std::string_view head) {
  if (head.find('\0') != std::string_view::npos) return true;
  // A chunk boundary may cut the last sequence in half: ignore the tail.
  const size_t n = head.size() > 4 ? head.size() - 3 : head.size();
  size_t bad = 0, i = 0;
  while (i < n) {
    size_t at = utf8::FindInvalid(head.substr(i, n - i));
    if (at == std::string_view::npos) break;
    ++bad;
    i += at + 1;
  }
  // Occasional bad bytes are a damaged text file (handled per record);
  // mostly-bad is binary or a legacy encoding we do not read.
  return n >= 16 && bad * 10 > n;
}

Format Sniff(std::string_view head, std::string_view name) {
  std::string lower_name = Lower(name);
  if (EndsWith(lower_name, ".gz")) lower_name.resize(lower_name.size() - 3);
  // Ignore a URL query/fragment when looking at the extension.
  if (size_t q = lower_name.find_first_of("?#"); q != std::string::npos && lower_name.find("://") != std::string::npos)
    lower_name.resize(q);

  std::string_view s = SkipLeading(head);
  if (s.empty()) return FromExtension(lower_name);
  if (s[0] == '{') return Format::kJsonLines;
  if (s[0] == '[') {
    std::string_view rest = SkipLeading(s.substr(1));
    if (rest.empty() || rest[0] == '{' || rest[0] == ']') return Format::kJsonLines;
  }
  if (s[0] == '<') {
    // TREC tags are upper case by convention and the parser matches them exactly.
    if (s.substr(0, 5) == "<DOC>") return Format::kTrec;
    const std::string low = Lower(s.substr(0, 4096));
    std::string_view el = SkipProlog(low);
    if (el.substr(0, 9) == "<!doctype") {
      return el.find("html") != std::string_view::npos && el.find("html") < 30 ? Format::kHtml
                                                                               : Format::kUnknown;
    }
    if (el.substr(0, 4) == "<rss" || el.substr(0, 5) == "<feed" || el.substr(0, 5) == "<opml" ||
        el.substr(0, 8) == "<rdf:rdf")
      return Format::kFeed;
    if (el.substr(0, 5) == "<html" || el.substr(0, 5) == "<head" || el.substr(0, 5) == "<body" ||
        el.substr(0, 5) == "<meta" || el.substr(0, 4) == "<div")
      return Format::kHtml;
    Format ext = FromExtension(lower_name);
    if (ext != Format::kUnknown) return ext;
    // Markup we cannot place: HTML fragments are far more common than
    // anything else that starts with '<' in a news pipeline.
    return Format::kHtml;
  }
  // Records after a preamble, or a first record that is damaged: the rest of
  // the file still decides.
  if (head.find("\n<DOC>") != std::string_view::npos) return Format::kTrec;
  Format ext = FromExtension(lower_name);
  return ext == Format::kUnknown ? Format::kPlainPage : ext;
}

}  // namespace riwaya::ingest
