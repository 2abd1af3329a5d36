#include "ingest/feed.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "base/utf8.h"
#include "ingest/abstract.h"
#include "ingest/content_key.h"
#include "ingest/html_charset.h"
#include "ingest/html_credit.h"
#include "ingest/html_dates.h"
#include "ingest/html_dom.h"
#include "text/dates.h"

namespace riwaya::ingest {
namespace {

using model::DateSource;

// An item whose text passes either bar carries the article itself.
constexpr size_t kSubstantialChars = 200;
constexpr int kSubstantialSentences = 2;

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

std::string_view Prefix(const char* name) {
  std::string_view n(name);
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? std::string_view() : n.substr(0, colon);
}

// First child whose local name is `local` and whose prefix is `prefix` ("" = none).
pugi::xml_node Child(pugi::xml_node n, std::string_view local, std::string_view prefix = "") {
  for (pugi::xml_node c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    if (LocalName(c.name()) == local && Prefix(c.name()) == prefix) return c;
  }
  return {};
}

// Text content of an element including CDATA sections.
std::string Raw(pugi::xml_node n) {
  std::string out;
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

// A single-line field (title, author): markup and entities resolved, spaces collapsed.
std::string Line(std::string_view raw) {
  if (raw.find('<') == std::string_view::npos && raw.find('&') == std::string_view::npos) {
    return html::CollapseSpace(utf8::Sanitize(raw));
  }
  std::string out;
  for (const std::string& p : html::FragmentParagraphs(raw)) {
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}

// Item content as paragraphs: HTML when it looks like HTML, else blank-line separated text.
std::vector<std::string> Paragraphs(std::string_view raw) {
  if (raw.find('<') != std::string_view::npos || raw.find('&') != std::string_view::npos) {
    return html::FragmentParagraphs(raw);
  }
  std::vector<std::string> out;
  std::string clean = utf8::Sanitize(raw);
  size_t start = 0;
  while (start <= clean.size()) {
    size_t end = clean.find('\n', start);
    if (end == std::string::npos) end = clean.size();
    std::string p = html::CollapseSpace(std::string_view(clean).substr(start, end - start));
    if (!p.empty()) out.push_back(std::move(p));
    start = end + 1;
  }
  return out;
}

int Sentences(const std::vector<std::string>& paragraphs) {
  int n = 0;
  for (const std::string& p : paragraphs) {
    size_t seg = 0, i = 0;
    while (i < p.size()) {
      char32_t c = utf8::Next(p, i);
      // A full stop ends a sentence only before a space: "56.4" is a number.
      bool at_gap = i == p.size() || p[i] == ' ';
      bool end = ((c == '.' || c == '!' || c == '?' || c == 0x061F /* ؟ */ || c == 0x2026) && at_gap) || i == p.size();
      if (c != ' ') ++seg;
      if (end) {
        if (seg >= 20) ++n;
        seg = 0;
      }
    }
  }
  return n;
}

std::optional<model::PublishedDate> FeedDate(std::string_view raw, const Source& src) {
  std::string s = html::CollapseSpace(utf8::Sanitize(raw));
  if (s.empty()) return std::nullopt;
  if (auto d = ParseMachineDate(s, DateSource::kFeed)) return d;
  text::DateContext ctx;
  ctx.reference_epoch = src.fetched_epoch;
  auto m = text::ParseDate(s, ctx);
  if (!m) return std::nullopt;
  model::PublishedDate d;
  d.known = true;
  d.date_only = m->date_only;
  d.epoch_seconds = m->epoch_seconds;
  d.original = s;
  d.source = DateSource::kFeed;
  return d;
}

std::string InputName(const Source& src) { return src.path.empty() ? src.url : src.path; }

std::string Position(std::string_view xml, ptrdiff_t offset) {
  if (offset < 0) return "record";
  size_t off = std::min(static_cast<size_t>(offset), xml.size());
  utf8::LineCol lc = utf8::Locate(xml, off);
  return "line " + std::to_string(lc.line) + ", byte " + std::to_string(off);
}

// Line numbers for offsets that only grow (items in document order), so a
// feed with 100,000 items is not rescanned from the top for each one.
class LineCursor {
 public:
  explicit LineCursor(std::string_view xml) : xml_(xml) {}
  size_t LineAt(size_t offset) {
    offset = std::min(offset, xml_.size());
    if (offset < pos_) {
      pos_ = 0;
      line_ = 1;
    }
    for (; pos_ < offset; ++pos_) {
      if (xml_[pos_] == '\n') ++line_;
    }
    return line_;
  }

 private:
  std::string_view xml_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

// What one RSS item or Atom entry says, before deciding article vs fetch task.
struct Item {
  std::string title, link, guid, author, category, date_raw, content_raw, summary_raw;
};

struct Channel {
  std::string title;
  std::string language;
};

void Emit(const Item& it, const Channel& ch, int index, ptrdiff_t offset, LineCursor& lines, const Source& src,
          Sink& sink) {
  size_t off = offset < 0 ? 0 : static_cast<size_t>(offset);
  std::string where = "line " + std::to_string(lines.LineAt(off)) + ", byte " + std::to_string(off);
  std::vector<std::string> paragraphs = Paragraphs(!it.content_raw.empty() ? it.content_raw : it.summary_raw);
  std::string title = Line(it.title);
  std::string link = html::CollapseSpace(utf8::Sanitize(it.link));
  auto date = FeedDate(it.date_raw, src);
  size_t chars = 0;
  for (const std::string& p : paragraphs) chars += html::VisibleChars(p);
  bool substantial = chars >= kSubstantialChars || Sentences(paragraphs) >= kSubstantialSentences;
  if (!substantial) {
    if (link.empty()) {
      sink.Reject(Rejection{InputName(src), where + ", item " + std::to_string(index),
                            "feed item has neither a link nor enough content to be an article"});
      return;
    }
    FetchTask t;
    t.url = link;
    t.title = title;
    t.feed = src.url.empty() ? src.path : src.url;
    t.feed_title = ch.title;
    if (date) t.published = *date;
    sink.Fetch(std::move(t));
    return;
  }
  model::Article a;
  a.credit = html::TakeCredits(paragraphs);
  if (a.credit.empty() && !paragraphs.empty()) a.credit = html::DatelineCredit(paragraphs.front());
  a.paragraphs = std::move(paragraphs);
  a.title = title;
  a.url = link;
  a.outlet = ch.title;
  if (!ch.language.empty()) a.language = ch.language;
  a.author = Line(it.author);
  a.category = Line(it.category);
  if (!it.content_raw.empty() && !it.summary_raw.empty()) {
    std::string abstract = Line(it.summary_raw);
    if (html::VisibleChars(abstract) <= 600 && !RepeatsLead(abstract, a.paragraphs)) a.abstract = abstract;
  }
  if (date) a.published = *date;
  std::string guid = html::CollapseSpace(utf8::Sanitize(it.guid));
  if (!link.empty()) a.key = "url:" + link;
  else if (!guid.empty()) a.key = "guid:" + guid;
  else a.key = ContentKey("feed:", a.title, a.paragraphs);
  a.id = model::IdForKey(a.key);
  a.origin.kind = "feed";
  a.origin.path = InputName(src);
  a.origin.record = index;
  a.origin.byte_offset = static_cast<int64_t>(off);
  a.origin.line = static_cast<int64_t>(lines.LineAt(off));
  sink.Article(std::move(a));
}

// RSS 2.0 <item> (and RSS 1.0, whose items sit beside the channel).
Item RssItem(pugi::xml_node n) {
  Item it;
  it.title = Raw(Child(n, "title"));
  it.link = Raw(Child(n, "link"));
  pugi::xml_node guid = Child(n, "guid");
  it.guid = Raw(guid);
  if (html::CollapseSpace(it.link).empty() && std::strcmp(guid.attribute("isPermaLink").as_string("true"), "false") != 0 &&
      html::CollapseSpace(it.guid).rfind("http", 0) == 0) {
    it.link = it.guid;
  }
  it.author = Raw(Child(n, "creator", "dc"));
  if (html::CollapseSpace(it.author).empty()) {
    // RSS <author> is "mail@example.com (Name)": keep the name when there is one.
    std::string a = html::CollapseSpace(Raw(Child(n, "author")));
    size_t open = a.find('('), close = a.rfind(')');
    it.author = open != std::string::npos && close != std::string::npos && close > open
                    ? a.substr(open + 1, close - open - 1)
                    : (a.find('@') == std::string::npos ? a : "");
  }
  it.category = Raw(Child(n, "category"));
  // RSS 1.0 (RDF) has no <category>: Dublin Core's subject says the same.
  if (html::CollapseSpace(it.category).empty()) it.category = Raw(Child(n, "subject", "dc"));
  it.date_raw = Raw(Child(n, "pubDate"));
  if (html::CollapseSpace(it.date_raw).empty()) it.date_raw = Raw(Child(n, "date", "dc"));
  it.content_raw = Raw(Child(n, "encoded", "content"));
  it.summary_raw = Raw(Child(n, "description"));
  return it;
}

Item AtomEntry(pugi::xml_node n) {
  Item it;
  it.title = Raw(Child(n, "title"));
  for (pugi::xml_node l : n.children()) {
    if (LocalName(l.name()) != "link") continue;
    std::string rel = l.attribute("rel").as_string("alternate");
    if (rel == "alternate" && it.link.empty()) it.link = l.attribute("href").as_string();
  }
  it.guid = Raw(Child(n, "id"));
  it.author = Raw(Child(Child(n, "author"), "name"));
  pugi::xml_node cat = Child(n, "category");
  it.category = cat.attribute("label").as_string(cat.attribute("term").as_string());
  it.date_raw = Raw(Child(n, "published"));
  if (html::CollapseSpace(it.date_raw).empty()) it.date_raw = Raw(Child(n, "updated"));
  // Atom text constructs: type="text" is plain, html is escaped markup, xhtml is inline markup.
  auto text_construct = [](pugi::xml_node c) -> std::string {
    std::string type = c.attribute("type").as_string("text");
    if (type == "xhtml") {
      std::string out;
      struct W : pugi::xml_writer {
        std::string* s;
        void write(const void* data, size_t size) override { s->append(static_cast<const char*>(data), size); }
      } w;
      w.s = &out;
      for (pugi::xml_node k : c.children()) k.print(w, "", pugi::format_raw);
      return out;
    }
    return Raw(c);
  };
  it.content_raw = text_construct(Child(n, "content"));
  it.summary_raw = text_construct(Child(n, "summary"));
  return it;
}

std::string Lang(std::string_view s) {
  std::string l = html::CollapseSpace(s);
  l = l.substr(0, l.find_first_of("-_"));
  for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return l;
}

void ParseOpml(pugi::xml_node opml, const Source& src, Sink& sink) {
  std::vector<pugi::xml_node> stack;
  for (pugi::xml_node c : Child(opml, "body").children()) stack.push_back(c);
  std::reverse(stack.begin(), stack.end());
  while (!stack.empty()) {
    pugi::xml_node n = stack.back();
    stack.pop_back();
    if (n.type() != pugi::node_element || LocalName(n.name()) != "outline") continue;
    std::string url = html::CollapseSpace(utf8::Sanitize(n.attribute("xmlUrl").as_string()));
    if (!url.empty()) {
      FetchTask t;
      t.is_feed = true;
      t.url = url;
      t.title = Line(n.attribute("title").as_string(n.attribute("text").as_string()));
      t.feed = InputName(src);
      sink.Fetch(std::move(t));
    }
    std::vector<pugi::xml_node> kids;
    for (pugi::xml_node c : n.children()) kids.push_back(c);
    for (size_t i = kids.size(); i-- > 0;) stack.push_back(kids[i]);
  }
}

void Parse(std::string_view xml, const Source& src, Sink& sink) {
  if (xml.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    sink.Reject(Rejection{InputName(src), "byte 0", "empty feed document"});
    return;
  }
  // A feed declared as windows-1256 is converted first; positions then refer to the UTF-8 text.
  std::string decoded;
  if (!utf8::IsValid(xml)) {
    decoded = html::DecodeDocument(xml);
    xml = decoded;
  }
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  bool partial = !r;
  if (partial) {
    sink.Reject(Rejection{InputName(src), Position(xml, r.offset),
                          std::string("malformed XML: ") + r.description()});
  }
  pugi::xml_node root = doc.document_element();
  if (!root) {
    if (!partial) sink.Reject(Rejection{InputName(src), "byte 0", "XML document has no root element"});
    return;
  }
  std::string_view rname = LocalName(root.name());
  if (rname == "opml") return ParseOpml(root, src, sink);

  Channel ch;
  std::vector<pugi::xml_node> items;
  bool atom = rname == "feed";
  if (atom) {
    ch.title = Line(Raw(Child(root, "title")));
    ch.language = Lang(root.attribute("xml:lang").as_string());
    for (pugi::xml_node e : root.children()) {
      if (LocalName(e.name()) == "entry") items.push_back(e);
    }
  } else if (rname == "rss" || rname == "RDF") {
    pugi::xml_node channel = Child(root, "channel");
    ch.title = Line(Raw(Child(channel, "title")));
    ch.language = Lang(Raw(Child(channel, "language")));
    if (ch.language.empty()) ch.language = Lang(Raw(Child(channel, "language", "dc")));
    for (pugi::xml_node parent : {channel, root}) {
      for (pugi::xml_node e : parent.children()) {
        if (LocalName(e.name()) == "item") items.push_back(e);
      }
    }
  } else {
    if (!partial) {
      sink.Reject(Rejection{InputName(src), Position(xml, root.offset_debug()),
                            "not a feed: root element <" + std::string(root.name()) + ">"});
    }
    return;
  }
  // After a parse error the last item may be cut short: keep only the ones before it.
  if (partial && !items.empty()) items.pop_back();
  int index = 0;
  LineCursor lines(xml);
  for (pugi::xml_node n : items) {
    Item it = atom ? AtomEntry(n) : RssItem(n);
    Emit(it, ch, index++, n.offset_debug(), lines, src, sink);
    if (n.offset_debug() > 0) sink.Progress(static_cast<uint64_t>(n.offset_debug()), xml.size());
  }
  sink.Progress(xml.size(), xml.size());
}

}  // namespace

void ParseFeed(std::string_view xml, const Source& src, Sink& sink) {
  try {
    Parse(xml, src, sink);
  } catch (const std::exception& e) {
    sink.Reject(Rejection{InputName(src), "byte 0", std::string("feed could not be processed: ") + e.what()});
  }
}

}  // namespace riwaya::ingest
