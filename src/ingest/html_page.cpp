#include "ingest/html_page.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/utf8.h"
#include "ingest/abstract.h"
#include "ingest/content_key.h"
#include "ingest/fold.h"
#include "ingest/html_charset.h"
#include "ingest/html_credit.h"
#include "ingest/html_dates.h"
#include "ingest/html_dom.h"
#include "ingest/html_jsonld.h"
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

// Attribute values used as hints are short; a megabyte-long class is hostile
// input and only its head is looked at.
std::string LowerAttr(const GumboNode* n, const char* name) { return Lower(Attr(n, name).substr(0, 256)); }

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Class and id split into lower-case words: "entry-meta post_date" -> entry, meta, post, date.
std::vector<std::string> HintTokens(const GumboNode* n) {
  std::vector<std::string> out;
  for (const char* attr : {"class", "id"}) {
    std::string v = LowerAttr(n, attr);
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
  if (LowerAttr(n, "itemprop") == "articlebody") return true;
  std::string v = LowerAttr(n, "class") + " " + LowerAttr(n, "id");
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

// Tokens that mark page furniture wherever they appear.
bool HardNegativeToken(const std::string& t) {
  static const std::set<std::string, std::less<>> kNeg = {
      "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "share", "sharing", "social",
      "comment", "comments", "respond", "disqus", "footer", "sidebar", "widget", "ad", "ads", "advert",
      "adv", "advertisement", "adsbygoogle", "sponsor", "sponsored", "promo", "banner", "cookie",
      "cookies", "consent", "gdpr", "newsletter", "subscribe", "subscription", "tags", "tag", "popular",
      "trending", "mostread", "outbrain", "taboola", "pagination", "pager", "modal", "popup",
      "print", "toolbar", "related", "readalso", "topbar", "masthead", "login", "signup", "search",
      "newsticker", "ticker", "copyright", "rights", "twitter", "tweet", "instagram", "embed", "disclaimer",
      "bio", "logo", "caption"};
  return kNeg.count(t) > 0;
}

// Tokens that mark furniture on small elements ("post-date", "byline") but
// also appear on wrappers that hold the whole article ("video-page", "date-outer").
bool SoftNegativeToken(const std::string& t) {
  static const std::set<std::string, std::less<>> kNeg = {
      "byline", "author", "meta", "header", "date", "time", "timestamp", "dateline", "gallery",
      "player", "video", "submitted", "most", "info", "writer"};
  return kNeg.count(t) > 0;
}

// Pre-order walk over `n` that visits children lazily, so stopping early
// costs only what was visited (an element with 20,000 children is not copied).
// `visit` returns false to stop.
template <typename Visit>
void WalkUntil(const GumboNode* n, Visit&& visit) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  if (!visit(n)) return;
  if (!html::IsElement(n) || html::IsNonContentTag(n)) return;
  std::vector<Frame> stack = {{n, 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector& kids = f.node->v.element.children;
    if (f.next >= kids.length) {
      stack.pop_back();
      continue;
    }
    const GumboNode* c = static_cast<const GumboNode*>(kids.data[f.next++]);
    if (!visit(c)) return;
    if (html::IsElement(c) && !html::IsNonContentTag(c)) stack.push_back({c, 0});
  }
}

// Visible characters under `n`; counting stops at `limit` (keeps the check linear).
size_t VisibleCharsUpTo(const GumboNode* n, size_t limit) {
  size_t count = 0;
  WalkUntil(n, [&](const GumboNode* c) {
    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA) count += html::VisibleChars(c->v.text.text);
    return count < limit;
  });
  return count;
}

// Whether `n` holds a sentence-sized run of text (a byline or a date never does).
bool HasProse(const GumboNode* n) {
  bool found = false;
  int visited = 0;
  WalkUntil(n, [&](const GumboNode* c) {
    found = c->type == GUMBO_NODE_TEXT && html::VisibleChars(c->v.text.text) >= 60;
    return !found && ++visited < 4000;
  });
  return found;
}

// Decides which elements are page furniture. Elements that contain a node
// named as the article body (entry-content, itemprop=articleBody...) never are.
class Furniture {
 public:
  explicit Furniture(const GumboNode* root) {
    std::vector<const GumboNode*> stack = {root};
    while (!stack.empty()) {
      const GumboNode* n = stack.back();
      stack.pop_back();
      if (!html::IsElement(n)) continue;
      if (StrongContentHint(n)) {
        for (const GumboNode* p = n; p && protected_.insert(p).second; p = p->parent) {
        }
      }
      const GumboVector& kids = n->v.element.children;
      for (unsigned i = 0; i < kids.length; ++i) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
    }
  }

  bool operator()(const GumboNode* n) const {
    if (protected_.count(n)) return false;
    switch (n->v.element.tag) {
      case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_H1:
        return true;
      case GUMBO_TAG_HEADER:
        return VisibleCharsUpTo(n, 400) < 400;
      default:
        break;
    }
    std::string role = LowerAttr(n, "role");
    if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary") return true;
    bool soft = false;
    for (const std::string& t : HintTokens(n)) {
      if (HardNegativeToken(t)) return true;
      soft = soft || SoftNegativeToken(t);
    }
    return soft && VisibleCharsUpTo(n, 400) < 400 && !HasProse(n);
  }

 private:
  std::unordered_set<const GumboNode*> protected_;
};

// Everything collected in one pass over the document head and body.
struct PageFacts {
  std::multimap<std::string, std::string> meta;  // lower-case name/property/itemprop -> content
  std::vector<std::string> json_ld;
  std::string title_tag;
  std::string lang;
  std::string canonical;
  std::string rel_author;
  std::vector<const GumboNode*> h1s;
  std::vector<const GumboNode*> headlines;  // class="entry-title", "headline", itemprop=headline
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
        std::string rel = LowerAttr(n, "rel");
        if (rel == "canonical" && f.canonical.empty()) f.canonical = std::string(TrimView(Attr(n, "href")));
        break;
      }
      case GUMBO_TAG_SCRIPT:
        if (LowerAttr(n, "type").find("ld+json") != std::string::npos) {
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
        if (LowerAttr(n, "rel") == "author" && f.rel_author.empty()) f.rel_author = html::TextOf(n);
        break;
      default:
        break;
    }
    if (html::HasAttr(n, "itemprop")) f.itemprops.push_back(n);
    std::vector<std::string> toks = HintTokens(n);
    bool titled = false, headline = false;
    for (const std::string& tok : toks) {
      titled = titled || tok == "entry" || tok == "post" || tok == "article" || tok == "story" || tok == "news" ||
               tok == "single" || tok == "page";
      headline = headline || tok == "headline";
      if (tok == "published" && (html::HasAttr(n, "title") || html::HasAttr(n, "datetime") || html::HasAttr(n, "content")) &&
          t != GUMBO_TAG_TIME && t != GUMBO_TAG_META) {
        f.times.push_back(n);
      }
    }
    for (const std::string& tok : toks) {
      if (tok == "title" && titled) headline = true;
    }
    if (LowerAttr(n, "itemprop") == "headline" && t != GUMBO_TAG_META) headline = true;
    if (headline) f.headlines.push_back(n);
    for (const std::string& tok : toks) {
      if (tok == "byline" || tok == "author" || tok == "writer") {
        f.bylines.push_back(n);
        break;
      }
      if (tok == "breadcrumb" || tok == "breadcrumbs") {
        f.breadcrumbs.push_back(n);
        break;
      }
    }
    if (LowerAttr(n, "aria-label").find("breadcrumb") != std::string::npos) f.breadcrumbs.push_back(n);
    auto kids = html::Children(n);
    for (size_t i = kids.size(); i-- > 0;) stack.push_back(kids[i]);
  }
  return f;
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
std::string StripSiteSuffix(std::string title, const std::string& outlet, const std::string& h1,
                            const std::set<std::string>& page_lines) {
  if (!h1.empty() && title != h1 && title.rfind(h1, 0) == 0) return h1;
  static constexpr std::string_view kSeps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » "};
  std::string fo = FoldChars(outlet);
  // "Site :: Headline" where the page shows the headline on its own line.
  for (std::string_view sep : kSeps) {
    size_t pos = title.find(sep);
    if (pos == std::string::npos || pos == 0) continue;
    std::string head = title.substr(0, pos), tail = title.substr(pos + sep.size());
    if (page_lines.count(FoldChars(tail)) && WordCount(tail) >= 3) return tail;
    if (page_lines.count(FoldChars(head)) && WordCount(head) >= 3) return head;
  }
  for (std::string_view sep : kSeps) {
    size_t pos = title.rfind(sep);
    if (pos != std::string::npos && pos > 0) {
      std::string tail = title.substr(pos + sep.size());
      std::string ft = FoldChars(tail);
      bool is_site = (!fo.empty() && (Contains(ft, fo) || Contains(fo, ft))) ||
                     (sep == " | " && WordCount(tail) <= 4);
      if (is_site) return title.substr(0, pos);
    }
    size_t first = title.find(sep);
    if (first != std::string::npos && first > 0 && !fo.empty()) {
      std::string head = FoldChars(title.substr(0, first));
      if (Contains(head, fo) || Contains(fo, head)) return title.substr(first + sep.size());
    }
  }
  return title;
}

// A site-name heading: <h1 class="logo"><a href="/">...</a></h1>.
bool IsLogoHeading(const GumboNode* n, const std::string& outlet) {
  for (const GumboNode* p = n; p && html::IsElement(p); p = p->parent) {
    for (const std::string& t : HintTokens(p)) {
      if (t == "logo" || t == "brand" || t == "masthead" || t == "blogtitle") return true;
    }
    if (p->v.element.tag == GUMBO_TAG_BODY) break;
  }
  if (!outlet.empty() && FoldChars(html::TextOf(n)) == FoldChars(outlet)) return true;
  for (const GumboNode* c : html::Children(n)) {
    if (html::IsElement(c) && c->v.element.tag == GUMBO_TAG_A) {
      std::string_view href = TrimView(Attr(c, "href"));
      if (href == "/" || href == "./" || href == "index.html") return true;
    }
  }
  return false;
}

bool InComments(const GumboNode* n) {
  for (const GumboNode* p = n; p && html::IsElement(p); p = p->parent) {
    for (const std::string& t : HintTokens(p)) {
      if (t == "comment" || t == "comments" || t == "respond" || t == "disqus") return true;
    }
  }
  return false;
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
  std::string v = LowerAttr(n, "itemprop") + " " + LowerAttr(n, "class") + " " + LowerAttr(n, "id");
  return Contains(v, "modif") || Contains(v, "update");
}

bool LooksPublished(const GumboNode* n) {
  std::string v = LowerAttr(n, "itemprop") + " " + LowerAttr(n, "class") + " " + LowerAttr(n, "id");
  return Contains(v, "datepublished") || Contains(v, "publish") || html::HasAttr(n, "pubdate");
}

// Labels that introduce a publication date in running text.
size_t PublishedLabel(std::string_view text) {
  std::string f = FoldChars(text.substr(0, 400));
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
    if (t == "more" && i + 1 < toks.size() &&
        (toks[i + 1] == "stories" || toks[i + 1] == "news" || toks[i + 1] == "articles")) {
      return true;
    }
  }
  return false;
}

// Finds the element that carries the article body.
// Finds the elements that carry the article body: the best-scoring element
// and those of its siblings that hold a comparable share of prose (bodies
// split in two by an ad or a photo).
std::vector<const GumboNode*> PickRegion(const std::vector<TextBlock>& blocks) {
  std::unordered_map<const GumboNode*, double> score;
  std::vector<const GumboNode*> order;  // first-seen order: ties go to the earlier element
  for (const TextBlock& b : blocks) {
    if (b.chars < 25 || b.LinkDensity() >= 0.5) continue;
    if (html::ReadAlsoLabelLength(b.text) > 0) continue;
    double w = static_cast<double>(b.chars) * (1.0 - b.LinkDensity());
    const GumboNode* p = b.owner;
    if (p && html::IsElement(p) && ParagraphTag(p->v.element.tag) && p->parent) p = p->parent;
    double share = 1.0;
    for (int k = 0; k < 3 && p && html::IsElement(p); ++k, p = p->parent) {
      auto [it, fresh] = score.emplace(p, 0.0);
      if (fresh) order.push_back(p);
      it->second += w * share;
      share /= 2;
    }
  }
  const GumboNode* best = nullptr;
  double best_score = 0;
  for (const GumboNode* node : order) {
    double hint = 1.0;
    if (LowerAttr(node, "itemprop") == "articlebody") hint = 3.0;
    else if (StrongContentHint(node)) hint = 2.5;
    else if (node->v.element.tag == GUMBO_TAG_ARTICLE) hint = 1.4;
    else if (node->v.element.tag == GUMBO_TAG_MAIN) hint = 1.2;
    double v = score[node] * hint;
    if (v > best_score) {
      best = node;
      best_score = v;
    }
  }
  std::vector<const GumboNode*> region;
  if (!best) return region;
  region.push_back(best);
  if (best->parent && html::IsElement(best->parent) && !StrongContentHint(best) &&
      LowerAttr(best, "itemprop") != "articlebody") {
    double own = score[best];
    for (const GumboNode* sib : html::Children(best->parent)) {
      if (sib == best || !html::IsElement(sib)) continue;
      auto it = score.find(sib);
      if (it != score.end() && it->second >= 0.3 * own) region.push_back(sib);
    }
  }
  return region;
}

bool IsDateOrBylineLine(std::string_view text) {
  if (html::VisibleChars(text) > 90) return false;
  if (PublishedLabel(text)) return true;
  std::string f = FoldChars(text.substr(0, 60));
  for (std::string_view l : {"اخر تحديث", "تاريخ التحديث", "بقلم", "كتب:", "كتبت:", "mis à jour", "updated"}) {
    if (f.rfind(l, 0) == 0) return true;
  }
  return false;
}

bool IsJunkLine(std::string_view text) {
  std::string f = FoldChars(text);
  if (html::VisibleChars(text) <= 120) {
    // Copyright lines that print-friendly pages leave inside the body.
    for (std::string_view c : {"جميع الحقوق محفوظه", "all rights reserved", "tous droits réservés", "©"}) {
      if (f.find(c) != std::string::npos) return true;
    }
  }
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
  std::string f = FoldChars(s);
  for (std::string_view p : {"بقلم", "كتب", "كتبت", "by", "par", "اعداد", "تحرير", "نشر بواسطه", "بواسطه", "posted by"}) {
    std::string fp = FoldChars(p);
    if (f.rfind(fp, 0) == 0 && (f.size() == fp.size() || f[fp.size()] == ' ' || f[fp.size()] == ':')) {
      size_t cut = OriginalEnd(s, fp.size());
      while (cut < s.size() && (s[cut] == ' ' || s[cut] == ':' || s[cut] == '-')) ++cut;
      s = s.substr(cut);
      break;
    }
  }
  return s;
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
  // windows-1256 pages become UTF-8 here; anything else invalid is repaired by Document.
  html::Document doc(html::DecodeDocument(bytes));
  const GumboNode* root = doc.root();
  if (!root) return RejectPage(src, sink, "byte 0", "HTML parser produced no document");
  PageFacts facts = Collect(root);
  html::LdFacts ld = html::ParseJsonLd(facts.json_ld);

  model::Article a;
  a.outlet = facts.Meta({"og:site_name", "application-name", "twitter:site:name"});
  if (a.outlet.empty()) a.outlet = ld.publisher;

  // Canonical URL: what the page says about itself, resolved against where we
  // got it (or its og:url when it came from a file).
  std::string base = !src.url.empty() ? src.url : facts.Meta({"og:url"});
  std::string canonical = facts.canonical;
  if (canonical.empty()) canonical = facts.Meta({"og:url"});
  if (canonical.empty()) canonical = ld.url;
  if (!canonical.empty()) canonical = ResolveUrl(canonical, base.empty() ? canonical : base);
  if (canonical.rfind("http", 0) != 0) canonical.clear();  // relative with nothing to resolve against
  a.canonical_url = canonical;
  a.url = !src.url.empty() ? src.url : canonical;
  if (base.empty()) base = canonical;  // for relative links in read-also blocks

  // Main content.
  const GumboNode* body = facts.body ? facts.body : root;
  Furniture furniture(body);
  auto skip = [&furniture](const GumboNode* n) { return furniture(n) || IsRelatedRegion(n); };
  std::vector<TextBlock> blocks = html::FlowBlocks(body, skip);
  std::vector<const GumboNode*> region = PickRegion(blocks);
  const GumboNode* container = region.empty() ? nullptr : region.front();
  auto in_region = [&region](const GumboNode* n) {
    for (const GumboNode* r : region) {
      if (html::IsAncestor(r, n)) return true;
    }
    return false;
  };
  // Every text block of the page, furniture included: labels, dates, headings.
  std::vector<TextBlock> all_blocks = html::FlowBlocks(body, nullptr);

  // Title: the page's own declaration first, then visible headings.
  std::string heading;
  const GumboNode* near = container && container->parent ? container->parent : container;
  for (const std::vector<const GumboNode*>* list : {&facts.headlines, &facts.h1s}) {
    for (const GumboNode* n : *list) {
      if (IsLogoHeading(n, a.outlet)) continue;
      std::string t = html::TextOf(n);
      if (t.empty()) continue;
      bool close = near && html::IsAncestor(near, n);
      if (heading.empty() || close) heading = t;
      if (close) break;
    }
    if (!heading.empty()) break;
  }
  std::string title = facts.Meta({"og:title", "twitter:title"});
  if (title.empty()) title = ld.headline;
  if (title.empty()) title = heading;
  if (title.empty()) title = facts.title_tag;
  std::set<std::string> short_blocks;
  for (const TextBlock& b : all_blocks) {
    if (b.chars <= 200) short_blocks.insert(FoldChars(b.text));
  }
  a.title = StripSiteSuffix(html::CollapseSpace(title), a.outlet, heading, short_blocks);

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
  std::string ft = FoldChars(a.title);
  if (container) {
    for (const TextBlock& b : blocks) {
      if (!in_region(b.owner)) continue;
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
        // A list of article links inside the body; "طباعة | أرسل لصديق" is not one.
        for (const Anchor& an : b.anchors) {
          if (WordCount(html::CollapseSpace(an.text)) >= 3) add_link(an);
        }
        continue;
      }
      if (FoldChars(b.text) == ft || IsDateOrBylineLine(b.text) || IsJunkLine(b.text)) continue;
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
        if (!heading_like || VisibleCharsUpTo(k, 60) >= 60) continue;  // labels are short
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
  if (credit.empty() && container) {
    // "<p class="source">المصدر: ...</p>" just after the body container.
    size_t last = blocks.size();
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (in_region(blocks[i].owner)) last = i;
    }
    for (size_t i = last + 1; i < blocks.size() && i <= last + 2; ++i) {
      // Outside the body only an explicit label counts, not any "(...)" line.
      if (blocks[i].text.empty() || blocks[i].text[0] == '(') continue;
      credit = html::CreditOfLine(blocks[i].text);
      if (!credit.empty()) break;
    }
  }
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
      if (LowerAttr(n, "itemprop") != "datepublished" || n->v.element.tag == GUMBO_TAG_META) continue;
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
        if (dt.empty()) dt = Attr(n, "title");  // <abbr class="published" title="...">
        if (dt.empty()) dt = Attr(n, "content");
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
    for (const TextBlock& b : all_blocks) {
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
      if (LowerAttr(n, "itemprop") != "author" || n->v.element.tag == GUMBO_TAG_META) continue;
      author = html::TextOf(n);
      if (!author.empty()) break;
    }
  }
  if (author.empty()) {
    for (const GumboNode* n : facts.bylines) {
      if (InComments(n)) continue;
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
    std::string ftitle = FoldChars(a.title);
    for (size_t i = crumbs.size(); i-- > 0;) {
      std::string c = html::CollapseSpace(crumbs[i]);
      std::string fc = FoldChars(c);
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
  // A description that only repeats the lead would show the sentence twice.
  std::string description = facts.Meta({"description", "og:description", "twitter:description"});
  if (!RepeatsLead(description, a.paragraphs)) a.abstract = std::move(description);

  a.key = !a.canonical_url.empty() ? "url:" + a.canonical_url : ContentKey("html:", a.title, a.paragraphs);
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
