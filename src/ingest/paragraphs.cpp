#include "ingest/paragraphs.h"

namespace riwaya::ingest {
namespace {

// Byte length of a blank starting at s[i], 0 if s[i] does not start one.
size_t BlankLen(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const auto d = static_cast<unsigned char>(s[i + 2]);
    if (d >= 0x8B && d <= 0x8F) return 3;  // ZWSP, ZWNJ, ZWJ, LRM, RLM
  }
  if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
      static_cast<unsigned char>(s[i + 2]) == 0xBF)
    return 3;  // BOM / ZWNBSP
  return 0;
}

// Length of a blank that *ends* at s[end-1], 0 if none.
size_t BlankLenBefore(std::string_view s, size_t end) {
  for (size_t len = 1; len <= 3 && len <= end; ++len) {
    if (BlankLen(s, end - len) == len) return len;
  }
  return 0;
}

}  // namespace

std::string_view TrimBlank(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t n = BlankLen(s, b);
    if (n == 0) break;
    b += n;
  }
  size_t e = s.size();
  while (e > b) {
    size_t n = BlankLenBefore(s, e);
    if (n == 0) break;
    e -= n;
  }
  return s.substr(b, e - b);
}

std::vector<std::string> SplitParagraphs(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = TrimBlank(text.substr(start, nl - start));
    if (!line.empty()) out.emplace_back(line);
    start = nl + 1;
  }
  return out;
}

std::string CollapseBlanks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t n = BlankLen(s, i);
    if (n) {
      pending_space = true;
      i += n;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += s[i++];
  }
  return out;
}

}  // namespace riwaya::ingest
