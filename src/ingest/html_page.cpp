#include "ingest/html_page.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>

#include "base/utf8.h"
#include "ingest/html_credit.h"
#include "ingest/html_dates.h"
#include "ingest/html_dom.h"
#include "text/dates.h"

namespace riwaya::ingest {
namespace {

using html::Anchor;
using html::Attr;
using html::TextBlock;
using model::DateSource;
using model::PublishedDate;

constexpr size_t kMaxPageBytes = 16u << 20;  // beyond this a "page" is not a news article

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Class and id split into lower-case words: "entry-meta post_date" -> entry, meta, post, date.
std::vector<std::string> HintTokens(const GumboNode* n) {
  std::vector<std::string> out;
  for (const char* attr : {"class", "id"}) {
    std::string v = Lower(Attr(n, attr));
    std::string cur;
    for (char c : v) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        cur += c;
      } else if (!cur.empty()) {
        out.push_back(std::move(cur));
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
  }
  return out;
}

// Class/id/itemprop values that name the article body on common CMSs.
bool StrongContentHint(const GumboNode* n) {
  if (Lower(Attr(n, "itemprop")) == "articlebody") return true;
  std::string v = Lower(Attr(n, "class")) + " " + Lower(Attr(n, "id"));
  static constexpr std::string_view kHints[] = {
      "entry-content", "article-body", "article_body", "articlebody", "article-content",
      "article__body", "article-text", "story-body",   "story-content", "post-content",
      "post-body",     "news-content", "news-body",    "news-text",   "td-post-content",
      "field-body",    "content-article", "article-details", "detail-content", "main-text"};
  for (std::string_view h : kHints) {
    if (v.find(h) != std::string::npos) return true;
  }
  return false;
}

bool NegativeToken(const std::string& t) {
  static const std::set<std::string, std::less<>> kNeg = {
      "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "share", "sharing", "social",
      "comment", "comments", "respond", "disqus", "footer", "sidebar", "widget", "ad", "ads", "advert",
      "adv", "advertisement", "adsbygoogle", "sponsor", "sponsored", "promo", "banner", "cookie",
      "cookies", "consent", "gdpr", "newsletter", "subscribe", "subscription", "tags", "tag", "popular",
      "trending", "mostread", "most", "outbrain", "taboola", "pagination", "pager", "modal", "popup",
      "print", "toolbar", "related", "readalso", "byline", "author", "meta", "caption", "topbar",
      "header", "masthead", "login", "signup", "search", "date", "time", "timestamp", "dateline",
      "gallery", "player", "video", "newsticker", "ticker", "copyright", "rights", "twitter", "tweet",
      "instagram", "embed", "disclaimer", "bio", "submitted", "logo"};
  return kNeg.count(t) > 0;
}

bool IsBoilerplate(const GumboNode* n) {
  if (StrongContentHint(n)) return false;
  switch (n->v.element.tag) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_H1:
      return true;
    default:
      break;
  }
  std::string role = Lower(Attr(n, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary") return true;
  for (const std::string& t : HintTokens(n)) {
    if (NegativeToken(t)) return true;
  }
  return false;
}

// Everything collected in one pass over the document head and body.
struct PageFacts {
  std::multimap<std::string, std::string> meta;  // lower-case name/property/itemprop -> content
  std::vector<std::string> json_ld;
  std::string title_tag;
  std::string lang;
  std::string canonical;
  std::string rel_author;
  std::vector<const GumboNode*> h1s;
  std::vector<const GumboNode*> times;
  std::vector<const GumboNode*> itemprops;   // elements with itemprop (author, datePublished...)
  std::vector<const GumboNode*> bylines;
  std::vector<const GumboNode*> breadcrumbs;
  const GumboNode* body = nullptr;

  std::string Meta(std::initializer_list<const char*> names) const {
    for (const char* n : names) {
      auto it = meta.find(n);
      if (it != meta.end() && !TrimView(it->second).empty()) return html::CollapseSpace(it->second);
    }
    return {};
  }
};

PageFacts Collect(const GumboNode* root) {
  PageFacts f;
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!html::IsElement(n)) continue;
    GumboTag t = n->v.element.tag;
    switch (t) {
      case GUMBO_TAG_HTML:
        f.lang = Lower(TrimView(Attr(n, "lang")));
        break;
      case GUMBO_TAG_BODY:
        if (!f.body) f.body = n;
        break;
      case GUMBO_TAG_META: {
        std::string_view content = Attr(n, "content");
        for (const char* key : {"property", "name", "itemprop"}) {
          std::string k = Lower(TrimView(Attr(n, key)));
          if (!k.empty()) f.meta.emplace(k, std::string(content));
        }
        break;
      }
      case GUMBO_TAG_TITLE:
        if (f.title_tag.empty()) f.title_tag = html::TextOf(n);
        break;
      case GUMBO_TAG_LINK: {
        std::string rel = Lower(Attr(n, "rel"));
        if (rel == "canonical" && f.canonical.empty()) f.canonical = std::string(TrimView(Attr(n, "href")));
        break;
      }
      case GUMBO_TAG_SCRIPT:
        if (Lower(Attr(n, "type")).find("ld+json") != std::string::npos) {
          std::string text;
          for (const GumboNode* c : html::Children(n)) {
            if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) {
              text += c->v.text.text;
            }
          }
          f.json_ld.push_back(std::move(text));
        }
        continue;  // no children of interest
      case GUMBO_TAG_STYLE:
        continue;
      case GUMBO_TAG_H1:
        f.h1s.push_back(n);
        break;
      case GUMBO_TAG_TIME:
        f.times.push_back(n);
        break;
      case GUMBO_TAG_A:
        if (Lower(Attr(n, "rel")) == "author" && f.rel_author.empty()) f.rel_author = html::TextOf(n);
        break;
      default:
        break;
    }
    if (html::HasAttr(n, "itemprop")) f.itemprops.push_back(n);
    for (const std::string& tok : HintTokens(n)) {
      if (tok == "byline" || tok == "author" || tok == "writer") {
        f.bylines.push_back(n);
        break;
      }
      if (tok == "breadcrumb" || tok == "breadcrumbs") {
        f.breadcrumbs.push_back(n);
        break;
      }
    }
    if (Lower(Attr(n, "aria-label")).find("breadcrumb") != std::string::npos) f.breadcrumbs.push_back(n);
    auto kids = html::Children(n);
    for (size_t i = kids.size(); i-- > 0;) stack.push_back(kids[i]);
  }
  return f;
}

// ---- JSON-LD -------------------------------------------------------------

struct LdFacts {
  std::string headline, date_published, author, publisher, section, url;
  std::vector<std::string> breadcrumb;
};

// Bracket depth of a JSON text, strings skipped: refuse absurd nesting before parsing.
int JsonDepth(std::string_view s) {
  int depth = 0, max = 0;
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '{' || c == '[') max = std::max(max, ++depth);
    else if (c == '}' || c == ']') --depth;
  }
  return max;
}

std::string JsonText(const nlohmann::json& v) {
  if (v.is_string()) return html::CollapseSpace(v.get<std::string>());
  if (v.is_object()) {
    if (v.contains("name")) return JsonText(v["name"]);
    if (v.contains("@value")) return JsonText(v["@value"]);
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string s = JsonText(e);
      if (s.empty()) continue;
      if (!out.empty()) out += "، ";
      out += s;
    }
    return out;
  }
  return {};
}

bool TypeMatches(const nlohmann::json& obj, std::string_view needle) {
  if (!obj.contains("@type")) return false;
  const auto& t = obj["@type"];
  auto match = [&](const nlohmann::json& s) {
    return s.is_string() && s.get<std::string>().find(needle) != std::string::npos;
  };
  if (match(t)) return true;
  if (t.is_array()) {
    for (const auto& e : t) {
      if (match(e)) return true;
    }
  }
  return false;
}

void ScanLd(const nlohmann::json& root, LdFacts& out) {
  // Breadth-first over objects and arrays (@graph, nested mainEntity...).
  std::vector<const nlohmann::json*> queue = {&root};
  const nlohmann::json* article = nullptr;
  const nlohmann::json* any_dated = nullptr;
  for (size_t qi = 0; qi < queue.size() && qi < 5000; ++qi) {
    const nlohmann::json& v = *queue[qi];
    if (v.is_array()) {
      for (const auto& e : v) queue.push_back(&e);
      continue;
    }
    if (!v.is_object()) continue;
    if (TypeMatches(v, "BreadcrumbList") && v.contains("itemListElement") && out.breadcrumb.empty()) {
      std::vector<std::pair<int, std::string>> items;
      for (const auto& it : v["itemListElement"]) {
        if (!it.is_object()) continue;
        int pos = it.contains("position") && it["position"].is_number_integer() ? it["position"].get<int>() : 0;
        std::string name = it.contains("name") ? JsonText(it["name"]) : "";
        if (name.empty() && it.contains("item")) name = JsonText(it["item"]);
        if (!name.empty()) items.emplace_back(pos, name);
      }
      std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return a.first < b.first; });
      for (auto& [p, name] : items) out.breadcrumb.push_back(name);
    }
    bool is_article = TypeMatches(v, "Article") || TypeMatches(v, "BlogPosting") || TypeMatches(v, "ReportageNews");
    if (is_article && !article) article = &v;
    if (!any_dated && v.contains("datePublished")) any_dated = &v;
    for (const auto& [k, child] : v.items()) {
      if (child.is_object() || child.is_array()) queue.push_back(&child);
    }
  }
  const nlohmann::json* a = article ? article : any_dated;
  if (!a) return;
  auto get = [&](const char* key) { return a->contains(key) ? JsonText((*a)[key]) : std::string(); };
  out.headline = get("headline");
  out.date_published = get("datePublished");
  out.author = get("author");
  out.section = get("articleSection");
  if (a->contains("publisher")) out.publisher = JsonText((*a)["publisher"]);
  if (a->contains("url") && (*a)["url"].is_string()) out.url = (*a)["url"].get<std::string>();
  if (out.url.empty() && a->contains("mainEntityOfPage")) {
    const auto& m = (*a)["mainEntityOfPage"];
    if (m.is_string()) out.url = m.get<std::string>();
    else if (m.is_object() && m.contains("@id") && m["@id"].is_string()) out.url = m["@id"].get<std::string>();
  }
}

LdFacts ParseJsonLd(const std::vector<std::string>& scripts) {
  LdFacts out;
  for (const std::string& s : scripts) {
    if (s.size() > (2u << 20) || JsonDepth(s) > 64) continue;
    try {
      nlohmann::json j = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) continue;
      LdFacts one;
      ScanLd(j, one);
      // The first script that knows a field wins; later ones fill the gaps.
      auto fill = [](std::string& dst, std::string& src) { if (dst.empty()) dst = std::move(src); };
      fill(out.headline, one.headline);
      fill(out.date_published, one.date_published);
      fill(out.author, one.author);
      fill(out.publisher, one.publisher);
      fill(out.section, one.section);
      fill(out.url, one.url);
      if (out.breadcrumb.empty()) out.breadcrumb = std::move(one.breadcrumb);
    } catch (const std::exception&) {
      // A type mismatch in a hand-written JSON-LD block: ignore that block.
    }
  }
  return out;
}

// ---- Title ---------------------------------------------------------------

bool Contains(std::string_view hay, std::string_view needle) {
  return !needle.empty() && hay.find(needle) != std::string_view::npos;
}

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    if (c == ' ') in = false;
    else if (!in) { in = true; ++n; }
  }
  return n;
}

// Removes " - الجزيرة نت", " | العربية" and "الموقع | " decorations.
std::string StripSiteSuffix(std::string title, const std::string& outlet, const std::string& h1) {
  if (!h1.empty() && title != h1 && title.rfind(h1, 0) == 0) return h1;
  static constexpr std::string_view kSeps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » "};
  std::string fo = html::FoldForMatch(outlet);
  for (std::string_view sep : kSeps) {
    size_t pos = title.rfind(sep);
    if (pos != std::string::npos && pos > 0) {
      std::string tail = title.substr(pos + sep.size());
      std::string ft = html::FoldForMatch(tail);
      bool is_site = (!fo.empty() && (Contains(ft, fo) || Contains(fo, ft))) ||
                     (sep == " | " && WordCount(tail) <= 4);
      if (is_site) return title.substr(0, pos);
    }
    size_t first = title.find(sep);
    if (first != std::string::npos && first > 0 && !fo.empty()) {
      std::string head = html::FoldForMatch(title.substr(0, first));
      if (Contains(head, fo) || Contains(fo, head)) return title.substr(first + sep.size());
    }
  }
  return title;
}

// ---- Dates ---------------------------------------------------------------

std::optional<PublishedDate> TextDate(std::string_view text, DateSource src, const Source& source) {
  text::DateContext ctx;
  ctx.reference_epoch = source.fetched_epoch;
  auto m = text::ParseDate(text, ctx);
  if (!m) return std::nullopt;
  PublishedDate d;
  d.known = true;
  d.date_only = m->date_only;
  d.epoch_seconds = m->epoch_seconds;
  d.original = std::string(text.substr(m->begin, m->end - m->begin));
  d.source = src;
  return d;
}

std::optional<PublishedDate> AnyDate(std::string_view s, DateSource src, const Source& source) {
  if (auto d = ParseMachineDate(s, src)) return d;
  return TextDate(s, src, source);
}

bool LooksModified(const GumboNode* n) {
  std::string v = Lower(Attr(n, "itemprop")) + " " + Lower(Attr(n, "class")) + " " + Lower(Attr(n, "id"));
  return Contains(v, "modif") || Contains(v, "update");
}

bool LooksPublished(const GumboNode* n) {
  std::string v = Lower(Attr(n, "itemprop")) + " " + Lower(Attr(n, "class")) + " " + Lower(Attr(n, "id"));
  return Contains(v, "datepublished") || Contains(v, "publish") || html::HasAttr(n, "pubdate");
}

// Labels that introduce a publication date in running text.
size_t PublishedLabel(std::string_view text) {
  std::string f = html::FoldForMatch(text.substr(0, 400));
  static constexpr std::string_view kLabels[] = {"تاريخ النشر", "نشر في", "نشر بتاريخ", "نشر يوم",
                                                 "نشرت في", "publié le", "published on", "published:"};
  for (std::string_view l : kLabels) {
    size_t p = f.find(l);
    if (p != std::string::npos && p < 40) return p + 1;
  }
  return 0;
}

std::optional<PublishedDate> UrlDate(std::string_view url) {
  // /2024/06/26/ or /2024-06-26/ or /20240626/ as a path segment.
  for (size_t i = 0; i + 10 <= url.size(); ++i) {
    if (url[i] != '/') continue;
    auto dig = [&](size_t at, size_t n, int& v) {
      if (at + n > url.size()) return false;
      v = 0;
      for (size_t k = 0; k < n; ++k) {
        char c = url[at + k];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
      }
      return true;
    };
    int y = 0, m = 0, d = 0;
    size_t p = i + 1;
    if (!dig(p, 4, y)) continue;
    p += 4;
    if (p < url.size() && (url[p] == '/' || url[p] == '-')) {
      char sep = url[p];
      if (!dig(p + 1, 2, m) || p + 3 >= url.size() || url[p + 3] != sep || !dig(p + 4, 2, d)) continue;
      p += 6;
    } else {
      continue;
    }
    if (p < url.size() && url[p] != '/' && url[p] != '-' && url[p] != '_' && url[p] != '.') continue;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    if (auto r = ParseMachineDate(buf, DateSource::kUrl)) {
      r->original = std::string(url.substr(i, p - i));
      return r;
    }
  }
  return std::nullopt;
}

// ---- Main content --------------------------------------------------------

bool ParagraphTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_LI: case GUMBO_TAG_PRE: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_CENTER:
      return true;
    default:
      return false;
  }
}

// A related/read-also region: by class/id, or by a label heading its content.
bool IsRelatedRegion(const GumboNode* n) {
  std::vector<std::string> toks = HintTokens(n);
  for (size_t i = 0; i < toks.size(); ++i) {
    const std::string& t = toks[i];
    if (t == "related" || t == "readalso" || t == "alsoread" || t == "relatedposts" || t == "relatednews") return true;
    if (t == "read" && i + 1 < toks.size() && (toks[i + 1] == "also" || toks[i + 1] == "more")) return true;
  }
  return false;
}

// Finds the element that carries the article body.
const GumboNode* PickContainer(const std::vector<TextBlock>& blocks, const GumboNode* fallback) {
  std::unordered_map<const GumboNode*, double> score;
  for (const TextBlock& b : blocks) {
    if (b.chars < 25 || b.LinkDensity() >= 0.5) continue;
    if (html::ReadAlsoLabelLength(b.text) > 0) continue;
    double w = static_cast<double>(b.chars) * (1.0 - b.LinkDensity());
    const GumboNode* p = b.owner;
    if (p && html::IsElement(p) && ParagraphTag(p->v.element.tag) && p->parent) p = p->parent;
    double share = 1.0;
    for (int k = 0; k < 3 && p && html::IsElement(p); ++k, p = p->parent) {
      score[p] += w * share;
      share /= 2;
    }
  }
  const GumboNode* best = nullptr;
  double best_score = 0;
  for (const auto& [node, s] : score) {
    double hint = 1.0;
    if (Lower(Attr(node, "itemprop")) == "articlebody") hint = 3.0;
    else if (StrongContentHint(node)) hint = 2.5;
    else if (node->v.element.tag == GUMBO_TAG_ARTICLE) hint = 1.4;
    else if (node->v.element.tag == GUMBO_TAG_MAIN) hint = 1.2;
    double v = s * hint;
    // Ties go to the earlier node in the document so the result is deterministic.
    if (v > best_score || (v == best_score && best && node->index_within_parent < best->index_within_parent &&
                           node->parent == best->parent)) {
      best = node;
      best_score = v;
    }
  }
  return best ? best : fallback;
}

bool IsDateOrBylineLine(std::string_view text) {
  if (html::VisibleChars(text) > 90) return false;
  if (PublishedLabel(text)) return true;
  std::string f = html::FoldForMatch(text.substr(0, 60));
  for (std::string_view l : {"اخر تحديث", "تاريخ التحديث", "بقلم", "كتب:", "كتبت:", "mis à jour", "updated"}) {
    if (f.rfind(l, 0) == 0) return true;
  }
  return false;
}

bool IsJunkLine(std::string_view text) {
  std::string f = html::FoldForMatch(text);
  static constexpr std::string_view kJunk[] = {"اعلان", "advertisement", "publicite", "publicité", "شارك",
                                               "شارك الخبر", "مشاركه", "share", "tweet", "اضغط هنا"};
  for (std::string_view j : kJunk) {
    if (f == j) return true;
  }
  return false;
}

std::string ResolveUrl(std::string_view href, std::string_view base) {
  href = TrimView(href);
  if (href.empty()) return {};
  if (href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0) return std::string(href);
  size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return std::string(href);
  if (href.rfind("//", 0) == 0) return std::string(base.substr(0, scheme_end + 1)) + std::string(href);
  size_t host_end = base.find('/', scheme_end + 3);
  std::string_view origin = host_end == std::string_view::npos ? base : base.substr(0, host_end);
  if (href[0] == '/') return std::string(origin) + std::string(href);
  if (href[0] == '?' || href[0] == '#') return std::string(href);
  size_t last_slash = base.rfind('/');
  if (last_slash == std::string_view::npos || last_slash < scheme_end + 3) return std::string(origin) + "/" + std::string(href);
  return std::string(base.substr(0, last_slash + 1)) + std::string(href);
}

bool UsableHref(std::string_view href) {
  href = TrimView(href);
  return !href.empty() && href[0] != '#' && Lower(href.substr(0, 11)) != "javascript:" &&
         Lower(href.substr(0, 7)) != "mailto:";
}

std::string CleanByline(std::string s) {
  s = html::CollapseSpace(s);
  std::string f = html::FoldForMatch(s);
  for (std::string_view p : {"بقلم", "كتب", "كتبت", "by", "par", "اعداد", "تحرير"}) {
    std::string fp = html::FoldForMatch(p);
    if (f.rfind(fp, 0) == 0 && (f.size() == fp.size() || f[fp.size()] == ' ' || f[fp.size()] == ':')) {
      size_t cut = 0, produced = 0, i = 0;
      while (i < s.size() && produced < fp.size()) {
        size_t st = i;
        utf8::Next(s, i);
        produced += html::FoldForMatch(std::string_view(s).substr(st, i - st)).size();
      }
      cut = i;
      while (cut < s.size() && (s[cut] == ' ' || s[cut] == ':' || s[cut] == '-')) ++cut;
      s = s.substr(cut);
      break;
    }
  }
  return s;
}

std::string ContentKey(const model::Article& a) {
  std::string all = a.title + "\n" + a.Body();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(XXH3_64bits(all.data(), all.size())));
  return buf;
}

bool LooksBinary(std::string_view s, size_t& where) {
  size_t probe = std::min<size_t>(s.size(), 4096);
  size_t ctrl = 0;
  for (size_t i = 0; i < probe; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) { where = i; return true; }
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
      if (ctrl++ == 0) where = i;
    }
  }
  return probe > 0 && ctrl * 10 > probe;
}

void RejectPage(const Source& src, Sink& sink, std::string position, std::string reason) {
  sink.Reject(Rejection{src.path.empty() ? src.url : src.path, std::move(position), std::move(reason)});
}

void ParsePage(std::string_view bytes, const Source& src, Sink& sink) {
  if (TrimView(bytes).empty()) return RejectPage(src, sink, "byte 0", "empty HTML document");
  if (bytes.size() > kMaxPageBytes) {
    return RejectPage(src, sink, "byte " + std::to_string(kMaxPageBytes),
                      "HTML page of " + std::to_string(bytes.size()) + " bytes exceeds the " +
                          std::to_string(kMaxPageBytes) + "-byte page limit");
  }
  size_t bin_at = 0;
  if (LooksBinary(bytes, bin_at)) {
    return RejectPage(src, sink, "byte " + std::to_string(bin_at), "binary data, not an HTML page");
  }
  html::Document doc(bytes);
  const GumboNode* root = doc.root();
  if (!root) return RejectPage(src, sink, "byte 0", "HTML parser produced no document");
  PageFacts facts = Collect(root);
  LdFacts ld = ParseJsonLd(facts.json_ld);

  model::Article a;
  a.outlet = facts.Meta({"og:site_name", "application-name", "twitter:site:name"});
  if (a.outlet.empty()) a.outlet = ld.publisher;

  // Canonical URL: the page says where it lives; fall back to where we got it.
  std::string base = !src.url.empty() ? src.url : facts.Meta({"og:url"});
  std::string canonical = facts.canonical;
  if (canonical.empty()) canonical = facts.Meta({"og:url"});
  if (canonical.empty()) canonical = ld.url;
  if (!canonical.empty()) canonical = ResolveUrl(canonical, base.empty() ? canonical : base);
  if (canonical.rfind("http", 0) != 0) canonical.clear();  // relative with nothing to resolve against
  a.canonical_url = canonical;
  a.url = !src.url.empty() ? src.url : canonical;
  if (!base.empty() && canonical.empty()) base = a.url;
  if (base.empty()) base = canonical;

  // Main content.
  const GumboNode* body = facts.body ? facts.body : root;
  auto skip = [](const GumboNode* n) { return IsBoilerplate(n) || IsRelatedRegion(n); };
  std::vector<TextBlock> blocks = html::FlowBlocks(body, skip);
  const GumboNode* container = PickContainer(blocks, nullptr);

  // Title.
  std::string h1;
  for (const GumboNode* n : facts.h1s) {
    std::string t = html::TextOf(n);
    if (t.empty()) continue;
    if (h1.empty() || (container && html::IsAncestor(container->parent ? container->parent : container, n))) {
      h1 = t;
      if (container && html::IsAncestor(container->parent ? container->parent : container, n)) break;
    }
  }
  std::string title = facts.Meta({"og:title", "twitter:title"});
  if (title.empty()) title = ld.headline;
  if (title.empty()) title = h1;
  if (title.empty()) title = facts.title_tag;
  a.title = StripSiteSuffix(title, a.outlet, h1);

  std::vector<std::string> paragraphs;
  std::vector<model::PageLink> links;
  std::set<std::string> seen_links;
  auto add_link = [&](const Anchor& an) {
    std::string t = html::CollapseSpace(an.text);
    if (t.empty() || !UsableHref(an.href)) return;
    std::string url = ResolveUrl(an.href, base);
    if (!seen_links.insert(url).second) return;
    links.push_back(model::PageLink{t, url, ""});
  };
  std::string ft = html::FoldForMatch(a.title);
  if (container) {
    for (const TextBlock& b : blocks) {
      if (!html::IsAncestor(container, b.owner)) continue;
      size_t label = html::ReadAlsoLabelLength(b.text);
      if (label > 0) {
        // "اقرأ أيضاً: <a>...</a>" inside the body is a link, not text.
        for (const Anchor& an : b.anchors) add_link(an);
        if (b.anchors.empty() && label < b.text.size()) {
          links.push_back(model::PageLink{b.text.substr(label), "", ""});
        }
        continue;
      }
      if (!b.anchors.empty() && b.LinkDensity() >= 0.6) {
        for (const Anchor& an : b.anchors) add_link(an);
        continue;
      }
      if (html::FoldForMatch(b.text) == ft || IsDateOrBylineLine(b.text) || IsJunkLine(b.text)) continue;
      paragraphs.push_back(b.text);
    }
  }

  // Related / read-also regions anywhere outside navigation and footers.
  {
    std::vector<const GumboNode*> stack = {body};
    while (!stack.empty()) {
      const GumboNode* n = stack.back();
      stack.pop_back();
      if (!html::IsElement(n) || html::IsNonContentTag(n)) continue;
      GumboTag t = n->v.element.tag;
      if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_FOOTER) continue;
      std::vector<const GumboNode*> kids = html::Children(n);
      if (IsRelatedRegion(n)) {
        for (const TextBlock& b : html::FlowBlocks(n, nullptr)) {
          for (const Anchor& an : b.anchors) add_link(an);
        }
        continue;
      }
      // A label heading followed by a list: <h3>اقرأ أيضاً</h3><ul>...</ul>.
      for (size_t i = 0; i < kids.size(); ++i) {
        const GumboNode* k = kids[i];
        if (!html::IsElement(k)) continue;
        GumboTag kt = k->v.element.tag;
        bool heading_like = kt == GUMBO_TAG_H2 || kt == GUMBO_TAG_H3 || kt == GUMBO_TAG_H4 || kt == GUMBO_TAG_H5 ||
                            kt == GUMBO_TAG_STRONG || kt == GUMBO_TAG_B || kt == GUMBO_TAG_SPAN || kt == GUMBO_TAG_DIV ||
                            kt == GUMBO_TAG_P;
        if (!heading_like) continue;
        std::string label_text = html::TextOf(k);
        size_t label = html::ReadAlsoLabelLength(label_text);
        if (label == 0 || label < label_text.size()) continue;  // only a bare label
        for (size_t j = i + 1; j < kids.size(); ++j) {
          const GumboNode* s = kids[j];
          if (!html::IsElement(s)) continue;
          GumboTag st = s->v.element.tag;
          if (st != GUMBO_TAG_UL && st != GUMBO_TAG_OL && st != GUMBO_TAG_DIV) break;
          for (const TextBlock& b : html::FlowBlocks(s, nullptr)) {
            for (const Anchor& an : b.anchors) add_link(an);
          }
          break;
        }
      }
      for (size_t i = kids.size(); i-- > 0;) stack.push_back(kids[i]);
    }
  }
  a.links = std::move(links);

  // Credit lines at the edges of the body.
  std::string credit = html::TakeCredits(paragraphs);
  if (credit.empty() && !paragraphs.empty()) credit = html::DatelineCredit(paragraphs.front());
  a.credit = credit;
  a.paragraphs = std::move(paragraphs);

  size_t body_chars = 0;
  for (const std::string& p : a.paragraphs) body_chars += html::VisibleChars(p);
  if (a.paragraphs.empty() || body_chars < 60) {
    return RejectPage(src, sink, "byte 0",
                      "no article text found (" + std::to_string(body_chars) + " characters of body text" +
                          (doc.dropped_tags() ? ", " + std::to_string(doc.dropped_tags()) + " over-nested tags dropped" : "") + ")");
  }

  // Published date, most trustworthy source first. Modified dates never count.
  std::optional<PublishedDate> date;
  if (!ld.date_published.empty()) date = AnyDate(ld.date_published, DateSource::kJsonLd, src);
  if (!date) {
    for (const char* name : {"article:published_time", "og:published_time", "article:published", "published_time",
                             "datepublished", "pubdate", "publishdate", "publish-date", "dc.date.issued",
                             "dcterms.issued", "dc.date", "date", "sailthru.date", "parsely-pub-date"}) {
      auto [lo, hi] = facts.meta.equal_range(name);
      for (auto it = lo; it != hi && !date; ++it) date = AnyDate(it->second, DateSource::kMetaTag, src);
      if (date) break;
    }
  }
  if (!date) {
    for (const GumboNode* n : facts.itemprops) {
      if (Lower(Attr(n, "itemprop")) != "datepublished" || n->v.element.tag == GUMBO_TAG_META) continue;
      std::string_view v = html::HasAttr(n, "datetime") ? Attr(n, "datetime") : Attr(n, "content");
      if (!v.empty()) date = AnyDate(v, n->v.element.tag == GUMBO_TAG_TIME ? DateSource::kTimeElement : DateSource::kMetaTag, src);
      if (date) break;
    }
  }
  if (!date) {
    // <time>: a published one first, then any that is not marked as modified.
    for (int pass = 0; pass < 2 && !date; ++pass) {
      for (const GumboNode* n : facts.times) {
        if (LooksModified(n) || (pass == 0 && !LooksPublished(n))) continue;
        std::string_view dt = Attr(n, "datetime");
        if (!dt.empty()) date = AnyDate(dt, DateSource::kTimeElement, src);
        if (!date) {
          std::string t = html::TextOf(n);
          if (!t.empty()) date = TextDate(t, DateSource::kTimeElement, src);
        }
        if (date) break;
      }
    }
  }
  if (!date) {
    // Text labels anywhere in the body flow (bylines are skipped from the body, so look at all text).
    for (const TextBlock& b : html::FlowBlocks(body, nullptr)) {
      size_t at = PublishedLabel(b.text);
      if (at == 0 || b.chars > 200) continue;
      date = TextDate(b.text, DateSource::kTextLabel, src);
      if (date) break;
    }
  }
  if (!date && !a.canonical_url.empty()) date = UrlDate(a.canonical_url);
  if (!date && !a.url.empty()) date = UrlDate(a.url);
  if (date) a.published = *date;

  // Author.
  std::string author = ld.author;
  if (author.empty()) author = facts.Meta({"author", "article:author", "dc.creator", "sailthru.author", "byl"});
  if (author.rfind("http", 0) == 0) author.clear();  // article:author is often a profile URL
  if (author.empty()) author = facts.rel_author;
  if (author.empty()) {
    for (const GumboNode* n : facts.itemprops) {
      if (Lower(Attr(n, "itemprop")) != "author" || n->v.element.tag == GUMBO_TAG_META) continue;
      author = html::TextOf(n);
      if (!author.empty()) break;
    }
  }
  if (author.empty()) {
    for (const GumboNode* n : facts.bylines) {
      std::string t = html::TextOf(n);
      if (t.empty() || html::VisibleChars(t) > 60) continue;
      author = t;
      break;
    }
  }
  a.author = CleanByline(author);

  // Category: declared section, else the breadcrumb trail's last step before the article.
  a.category = facts.Meta({"article:section", "og:section", "section", "category"});
  if (a.category.empty()) a.category = ld.section;
  std::vector<std::string> crumbs = ld.breadcrumb;
  if (crumbs.empty()) {
    for (const GumboNode* bc : facts.breadcrumbs) {
      for (const TextBlock& b : html::FlowBlocks(bc, nullptr)) {
        if (!b.anchors.empty()) {
          for (const Anchor& an : b.anchors) crumbs.push_back(an.text);
        } else {
          // Trailing unlinked crumb is usually the article itself.
          crumbs.push_back(b.text);
        }
      }
      if (!crumbs.empty()) break;
    }
  }
  if (a.category.empty()) {
    std::string ftitle = html::FoldForMatch(a.title);
    for (size_t i = crumbs.size(); i-- > 0;) {
      std::string c = html::CollapseSpace(crumbs[i]);
      std::string fc = html::FoldForMatch(c);
      if (c.empty() || fc == ftitle || Contains(ftitle, fc) || c == "»" || c == ">" || c == "/") continue;
      if (fc == "الرييسيه" || fc == "الرئيسيه" || fc == "home" || fc == "accueil") break;
      if (html::VisibleChars(c) > 40) continue;
      a.category = c;
      break;
    }
  }

  if (!facts.lang.empty()) {
    std::string lang = facts.lang.substr(0, facts.lang.find_first_of("-_"));
    if (!lang.empty()) a.language = lang;
  }
  a.abstract = facts.Meta({"description", "og:description", "twitter:description"});

  a.key = !a.canonical_url.empty() ? "url:" + a.canonical_url : "html:" + ContentKey(a);
  a.id = model::IdForKey(a.key);
  a.origin.kind = src.kind;
  a.origin.path = src.path.empty() ? src.url : src.path;
  a.origin.record = 0;
  a.origin.line = 1;
  a.origin.byte_offset = 0;
  sink.Article(std::move(a));
}

}  // namespace

void ParseHtmlPage(std::string_view html, const Source& src, Sink& sink) {
  try {
    ParsePage(html, src, sink);
  } catch (const std::exception& e) {
    // Allocation failure or a library throwing: the page is lost, the run goes on.
    RejectPage(src, sink, "byte 0", std::string("HTML page could not be processed: ") + e.what());
  }
}

}  // namespace riwaya::ingest
