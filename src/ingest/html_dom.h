// A thin, crash-proof layer over gumbo: parse HTML (UTF-8 repaired, nesting
// capped so hostile pages stay linear), read attributes, and flow an element's
// content into text blocks (paragraph runs split at block elements and <br>),
// each knowing its owning element and how much of it is link text.
// Every walk is iterative: a page 10,000 elements deep does not touch the stack.
#pragma once

#include <gumbo.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace riwaya::ingest::html {

// Owns a parsed document and the buffer gumbo points into.
class Document {
 public:
  // Never fails: gumbo builds a tree for any input.
  explicit Document(std::string_view bytes);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const GumboNode* root() const { return out_ ? out_->root : nullptr; }
  size_t dropped_tags() const { return dropped_; }

 private:
  std::string buf_;
  GumboOutput* out_ = nullptr;
  size_t dropped_ = 0;
};

// Removes opening/closing tags beyond `max_depth` of nesting (text is kept),
// so that gumbo's scope checks stay cheap. Returns the number of tags dropped.
size_t CapNesting(std::string_view in, int max_depth, std::string& out);

bool IsElement(const GumboNode* n);
// Lower-case tag name, including unknown ones ("amp-ad").
std::string TagName(const GumboNode* n);
// Attribute value or "" when absent.
std::string_view Attr(const GumboNode* n, const char* name);
bool HasAttr(const GumboNode* n, const char* name);
// Element children (and text) in order.
std::vector<const GumboNode*> Children(const GumboNode* n);
// Concatenated descendant text, whitespace collapsed and trimmed.
std::string TextOf(const GumboNode* n);
bool IsBlockTag(GumboTag t);
bool IsAncestor(const GumboNode* ancestor, const GumboNode* n);

// Collapses runs of whitespace (ASCII, NBSP, other Unicode spaces) to one
// space and trims. Bidi marks are kept: they are part of display text.
std::string CollapseSpace(std::string_view s);
// Number of code points that are not whitespace.
size_t VisibleChars(std::string_view s);

struct Anchor {
  std::string text;
  std::string href;
};

struct TextBlock {
  std::string text;              // whitespace-collapsed
  size_t chars = 0;              // visible code points
  size_t link_chars = 0;         // visible code points inside <a>
  const GumboNode* owner = nullptr;  // nearest block-level element
  std::vector<Anchor> anchors;
  double LinkDensity() const { return chars ? static_cast<double>(link_chars) / chars : 0.0; }
};

// Returns true for elements whose content must not flow into blocks.
using SkipFn = std::function<bool(const GumboNode*)>;

// Flows the content of `root` into text blocks in document order.
std::vector<TextBlock> FlowBlocks(const GumboNode* root, const SkipFn& skip);

// Elements that never hold article text (scripts, styles, forms, embeds...).
bool IsNonContentTag(const GumboNode* n);

// An HTML fragment (feed description, content:encoded) as paragraphs.
std::vector<std::string> FragmentParagraphs(std::string_view html);

}  // namespace riwaya::ingest::html
