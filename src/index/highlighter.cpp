#include "index/highlighter.h"

#include <algorithm>

#include "base/utf8.h"
#include "index/segment.h"

namespace riwaya::index {

Highlighter::Highlighter(const text::Analyzer& analyzer, const Query& query) : analyzer_(analyzer) {
  for (const auto& t : query.highlight_terms)
    if (std::find(terms_.begin(), terms_.end(), t) == terms_.end()) terms_.push_back(t);
}

std::vector<Highlighter::Match> Highlighter::Find(std::string_view text) const {
  std::vector<Match> out;
  if (terms_.empty()) return out;
  std::vector<text::Token> toks;
  analyzer_.Analyze(text, toks);
  std::string form_key;
  for (const auto& t : toks) {
    form_key.assign(1, kFormPrefix);
    form_key += t.form;
    for (size_t i = 0; i < terms_.size(); ++i) {
      if (terms_[i] == t.term || terms_[i] == form_key) {
        if (t.begin < t.end && t.end <= text.size()) out.push_back({t.begin, t.end, static_cast<int>(i)});
        break;
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.begin < b.begin; });
  return out;
}

std::vector<Span> Highlighter::Highlights(std::string_view text) const {
  std::vector<Span> spans;
  for (const Match& m : Find(text)) {
    if (!spans.empty() && m.begin < spans.back().end) continue;
    spans.push_back({m.begin, m.end});
  }
  return spans;
}

namespace {

bool IsCont(unsigned char c) { return (c & 0xC0) == 0x80; }
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Byte offset `cps` code points after byte `from` (clamped to the text).
size_t Advance(std::string_view s, size_t from, size_t cps) {
  size_t i = from;
  while (i < s.size() && cps > 0) {
    ++i;
    while (i < s.size() && IsCont(static_cast<unsigned char>(s[i]))) ++i;
    --cps;
  }
  return i;
}
size_t Back(std::string_view s, size_t from, size_t cps) {
  size_t i = from;
  while (i > 0 && cps > 0) {
    --i;
    while (i > 0 && IsCont(static_cast<unsigned char>(s[i]))) --i;
    --cps;
  }
  return i;
}

}  // namespace

Snippet Highlighter::Make(std::string_view text, size_t max_chars) const {
  Snippet sn;
  if (max_chars == 0 || text.empty()) return sn;
  std::vector<Match> ms = Find(text);
  size_t best_start = 0;
  if (!ms.empty()) {
    // Code point index of each match start, from one walk over the text.
    std::vector<size_t> cp(ms.size());
    size_t at = 0, count = 0;
    for (size_t i = 0; i < ms.size(); ++i) {
      while (at < ms[i].begin && at < text.size()) {
        ++at;
        while (at < text.size() && IsCont(static_cast<unsigned char>(text[at]))) ++at;
        ++count;
      }
      cp[i] = count;
    }
    size_t best_i = 0;
    long best_score = -1;
    std::vector<int> seen(terms_.size(), 0);
    size_t j = 0;
    int distinct = 0;
    // Windows start at a match; two pointers over matches inside max_chars.
    for (size_t i = 0; i < ms.size(); ++i) {
      if (j < i) j = i;
      while (j < ms.size() && cp[j] < cp[i] + max_chars) {
        if (seen[ms[j].term]++ == 0) ++distinct;
        ++j;
      }
      long score = long(distinct) * 1000 + long(j - i);
      if (score > best_score) {
        best_score = score;
        best_i = i;
      }
      if (--seen[ms[i].term] == 0) --distinct;
    }
    // A little context before the first match.
    best_start = Back(text, ms[best_i].begin, max_chars / 6);
  }
  size_t start = best_start;
  if (start > 0) {
    // Start after a space, if one is near and no match is skipped.
    size_t limit = ms.empty() ? start : ms.front().begin;
    for (const Match& m : ms)
      if (m.begin >= best_start) {
        limit = m.begin;
        break;
      }
    size_t k = start;
    while (k < limit && !IsSpace(text[k])) ++k;
    if (k < limit) start = k + 1;
  }
  size_t end = Advance(text, start, max_chars);
  if (end < text.size()) {
    size_t k = end;
    while (k > start && !IsSpace(text[k - 1])) --k;
    if (k > start + (end - start) / 2) end = k;
    while (end > start && IsSpace(text[end - 1])) --end;
  }
  sn.begin = static_cast<uint32_t>(start);
  sn.text = std::string(text.substr(start, end - start));
  sn.cut_before = start > 0;
  sn.cut_after = end < text.size();
  for (const Match& m : ms) {
    if (m.begin < start || m.end > end) continue;
    if (!sn.highlights.empty() && m.begin - start < sn.highlights.back().end) continue;
    sn.highlights.push_back({static_cast<uint32_t>(m.begin - start), static_cast<uint32_t>(m.end - start)});
  }
  return sn;
}

}  // namespace riwaya::index
