#include "ingest/html_dom.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "base/utf8.h"

namespace riwaya::ingest::html {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool NameIn(std::string_view name, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), name) != set.end();
}

// Elements that close themselves or whose end tag is optional: they do not
// deepen gumbo's open-element stack without bound, so they are not counted.
bool Uncounted(std::string_view name) {
  return NameIn(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "param", "source", "track", "wbr", "keygen", "p", "li", "dt", "dd", "tr",
                       "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
                       "rb", "rt", "rp", "rtc", "html", "head", "body", "caption", "frame", "image"});
}

bool RawText(std::string_view name) {
  return NameIn(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

size_t FindCaseless(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() &&
           std::tolower(static_cast<unsigned char>(hay[i + k])) == static_cast<unsigned char>(needle[k])) {
      ++k;
    }
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0x1680 ||
         c == 0x85;
}

}  // namespace

size_t CapNesting(std::string_view in, int max_depth, std::string& out) {
  out.clear();
  out.reserve(in.size());
  int depth = 0;
  size_t dropped_open = 0;  // opening tags dropped and not yet matched by a dropped close
  size_t dropped = 0;
  size_t i = 0;
  while (i < in.size()) {
    size_t lt = in.find('<', i);
    if (lt == std::string_view::npos) {
      out.append(in.substr(i));
      break;
    }
    out.append(in.substr(i, lt - i));
    i = lt;
    if (in.substr(i, 4) == "<!--") {
      size_t end = in.find("-->", i + 4);
      end = end == std::string_view::npos ? in.size() : end + 3;
      out.append(in.substr(i, end - i));
      i = end;
      continue;
    }
    bool closing = i + 1 < in.size() && in[i + 1] == '/';
    size_t name_start = i + (closing ? 2 : 1);
    size_t j = name_start;
    while (j < in.size() && (std::isalnum(static_cast<unsigned char>(in[j])) || in[j] == '-' || in[j] == ':')) ++j;
    if (j == name_start || !std::isalpha(static_cast<unsigned char>(in[name_start]))) {
      out += in[i];  // a lone '<' in text, "<!DOCTYPE", "<?xml": copy and move on
      ++i;
      continue;
    }
    std::string name = Lower(in.substr(name_start, j - name_start));
    // Find the end of the tag, honouring quoted attribute values.
    char quote = 0;
    while (j < in.size()) {
      char c = in[j];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
      ++j;
    }
    size_t tag_end = j < in.size() ? j + 1 : in.size();
    bool self_closing = tag_end >= 2 && in[tag_end - 2] == '/';
    std::string_view tag = in.substr(i, tag_end - i);
    i = tag_end;
    if (!closing && RawText(name)) {
      // Copy the raw text element whole: its content is not markup.
      size_t close = FindCaseless(in, "</" + name, i);
      size_t end = close == std::string_view::npos ? in.size() : close;
      out.append(tag);
      out.append(in.substr(i, end - i));
      i = end;
      continue;
    }
    if (Uncounted(name) || self_closing) {
      out.append(tag);
      continue;
    }
    if (closing) {
      if (dropped_open > 0) {
        --dropped_open;
        ++dropped;
        continue;
      }
      if (depth > 0) --depth;
      out.append(tag);
      continue;
    }
    if (depth >= max_depth) {
      ++dropped_open;
      ++dropped;
      out += ' ';  // keep words on either side apart
      continue;
    }
    ++depth;
    out.append(tag);
  }
  return dropped;
}

Document::Document(std::string_view bytes) {
  std::string clean = utf8::Sanitize(bytes);
  dropped_ = CapNesting(clean, 400, buf_);
  GumboOptions opts = kGumboDefaultOptions;
  opts.max_errors = 0;  // we never read gumbo's error list; don't let it grow
  out_ = gumbo_parse_with_options(&opts, buf_.data(), buf_.size());
}

Document::~Document() {
  if (out_) gumbo_destroy_output(&kGumboDefaultOptions, out_);
}

bool IsElement(const GumboNode* n) {
  return n && (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE);
}

std::string TagName(const GumboNode* n) {
  if (!IsElement(n)) return {};
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n->v.element.tag);
  GumboStringPiece piece = n->v.element.original_tag;
  if (!piece.data || piece.length == 0) return {};
  gumbo_tag_from_original_text(&piece);
  return Lower(std::string_view(piece.data, piece.length));
}

std::string_view Attr(const GumboNode* n, const char* name) {
  if (!IsElement(n)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a && a->value ? std::string_view(a->value) : std::string_view();
}

bool HasAttr(const GumboNode* n, const char* name) {
  return IsElement(n) && gumbo_get_attribute(&n->v.element.attributes, name) != nullptr;
}

std::vector<const GumboNode*> Children(const GumboNode* n) {
  std::vector<const GumboNode*> out;
  if (!IsElement(n) && !(n && n->type == GUMBO_NODE_DOCUMENT)) return out;
  const GumboVector& kids = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
  out.reserve(kids.length);
  for (unsigned i = 0; i < kids.length; ++i) out.push_back(static_cast<const GumboNode*>(kids.data[i]));
  return out;
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t c = utf8::Next(s, i);
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(s.substr(start, i - start));
  }
  return out;
}

size_t VisibleChars(std::string_view s) {
  size_t n = 0, i = 0;
  while (i < s.size()) {
    if (!IsSpace(utf8::Next(s, i))) ++n;
  }
  return n;
}

std::string TextOf(const GumboNode* n) {
  if (!n) return {};
  std::string raw;
  std::vector<const GumboNode*> stack = {n};
  while (!stack.empty()) {
    const GumboNode* cur = stack.back();
    stack.pop_back();
    if (cur->type == GUMBO_NODE_TEXT || cur->type == GUMBO_NODE_WHITESPACE || cur->type == GUMBO_NODE_CDATA) {
      raw += cur->v.text.text;
      continue;
    }
    if (!IsElement(cur)) continue;
    GumboTag t = cur->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT) continue;
    if (t == GUMBO_TAG_BR || IsBlockTag(t)) raw += ' ';
    const GumboVector& kids = cur->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return CollapseSpace(raw);
}

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR:
    case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_HTML: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_SUMMARY:
      return true;
    default:
      return false;
  }
}

bool IsAncestor(const GumboNode* ancestor, const GumboNode* n) {
  for (const GumboNode* p = n; p; p = p->parent) {
    if (p == ancestor) return true;
  }
  return false;
}

bool IsNonContentTag(const GumboNode* n) {
  if (!IsElement(n)) return false;
  switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_FIGCAPTION:
      return true;
    case GUMBO_TAG_UNKNOWN: {
      std::string name = TagName(n);
      return name == "amp-ad" || name == "amp-analytics" || name == "amp-social-share" ||
             name == "amp-sidebar" || name == "amp-embed" || name == "amp-iframe" ||
             name == "amp-consent" || name == "amp-sticky-ad" || name == "amp-auto-ads";
    }
    default:
      break;
  }
  if (HasAttr(n, "hidden")) return true;
  std::string style = Lower(Attr(n, "style").substr(0, 256));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

std::vector<TextBlock> FlowBlocks(const GumboNode* root, const SkipFn& skip) {
  std::vector<TextBlock> blocks;
  if (!root) return blocks;
  struct Frame {
    const GumboNode* node;
    unsigned next = 0;
  };
  struct OpenAnchor {
    std::string text;
    std::string href;
  };
  std::vector<Frame> stack;
  std::vector<const GumboNode*> owners = {root};
  std::vector<OpenAnchor> anchors;
  std::string run;
  size_t run_link_chars = 0;
  std::vector<Anchor> run_anchors;

  auto flush = [&] {
    std::string text = CollapseSpace(run);
    if (!text.empty()) {
      TextBlock b;
      b.chars = VisibleChars(text);
      b.text = std::move(text);
      b.link_chars = std::min(run_link_chars, b.chars);
      b.owner = owners.back();
      b.anchors = std::move(run_anchors);
      blocks.push_back(std::move(b));
    } else if (!run_anchors.empty() && !blocks.empty()) {
      // An anchor wrapping block content: its text was flushed already.
      for (Anchor& a : run_anchors) blocks.back().anchors.push_back(std::move(a));
    }
    run.clear();
    run_link_chars = 0;
    run_anchors.clear();
  };

  auto enter = [&](const GumboNode* n) -> bool {  // returns whether to descend
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      std::string_view t = n->v.text.text;
      run += t;
      if (!anchors.empty()) {
        size_t vis = VisibleChars(t);
        run_link_chars += vis;
        for (OpenAnchor& a : anchors) a.text += t;
      }
      return false;
    }
    if (!IsElement(n)) return false;
    if (n != root && (IsNonContentTag(n) || (skip && skip(n)))) return false;
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_BR || t == GUMBO_TAG_HR) {
      flush();
      return false;
    }
    if (t == GUMBO_TAG_IMG) return false;
    if (n != root && IsBlockTag(t)) {
      flush();
      owners.push_back(n);
    }
    if (t == GUMBO_TAG_A) anchors.push_back({"", std::string(Attr(n, "href"))});
    return true;
  };
  auto leave = [&](const GumboNode* n) {
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_A && !anchors.empty()) {
      Anchor a{CollapseSpace(anchors.back().text), std::move(anchors.back().href)};
      anchors.pop_back();
      run_anchors.push_back(std::move(a));
    }
    if (n != root && IsBlockTag(t)) {
      flush();
      owners.pop_back();
    }
  };

  if (enter(root)) stack.push_back({root});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector& kids = f.node->v.element.children;
    if (f.next >= kids.length) {
      const GumboNode* done = f.node;
      stack.pop_back();
      leave(done);
      continue;
    }
    const GumboNode* child = static_cast<const GumboNode*>(kids.data[f.next++]);
    if (enter(child)) stack.push_back({child});
  }
  flush();
  return blocks;
}

std::vector<std::string> FragmentParagraphs(std::string_view fragment) {
  Document doc(fragment);
  std::vector<std::string> out;
  for (TextBlock& b : FlowBlocks(doc.root(), nullptr)) out.push_back(std::move(b.text));
  return out;
}

}  // namespace riwaya::ingest::html
