#include "words.h"

#include "base/utf8.h"

namespace riwaya::bench {

bool IsWordChar(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c == 0x00AB || c == 0x00BB || c == 0x00A0 || c == 0xFFFD) return false;
  if (c < 0x00C0) return false;  // Latin-1 punctuation and symbols
  if (c == 0x060C || c == 0x061B || c == 0x061F || c == 0x06D4) return false;  // ، ؛ ؟ ۔
  if (c >= 0x066A && c <= 0x066D) return false;  // ٪ ٫ ٬ ٭
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // general punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c == 0xFD3E || c == 0xFD3F) return false;  // ornate parentheses
  if (c >= 0xFE30 && c <= 0xFE4F) return false;
  if (c >= 0xFE10 && c <= 0xFE1F) return false;
  if (c >= 0xFF00 && c <= 0xFF0F) return false;
  return true;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    char32_t c = utf8::Next(text, i);
    if (IsWordChar(c)) {
      cur.append(text.substr(start, i - start));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0, i = 0;
  while (i < s.size()) {
    utf8::Next(s, i);
    ++n;
  }
  return n;
}

}  // namespace riwaya::bench
