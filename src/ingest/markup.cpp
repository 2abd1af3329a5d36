#include "ingest/markup.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <utility>

#include "base/utf8.h"

namespace riwaya::ingest {
namespace {

struct Named {
  std::string_view name;
  char32_t cp;
};
constexpr std::array<Named, 24> kNamed = {{
    {"amp", U'&'},     {"lt", U'<'},      {"gt", U'>'},      {"quot", U'"'},
    {"apos", U'\''},   {"nbsp", 0xA0},    {"laquo", 0xAB},   {"raquo", 0xBB},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"zwnj", 0x200C},
    {"zwj", 0x200D},   {"lrm", 0x200E},   {"rlm", 0x200F},   {"copy", 0xA9},
    {"reg", 0xAE},     {"deg", 0xB0},     {"middot", 0xB7},  {"times", 0xD7},
}};

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Parses a reference starting at s[i] == '&'. On success returns the code
// point and sets `len` to the reference length (including ';').
bool ParseReference(std::string_view s, size_t i, char32_t& cp, size_t& len) {
  size_t semi = s.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 12) return false;
  std::string_view body = s.substr(i + 1, semi - i - 1);
  if (body.empty()) return false;
  if (body[0] == '#') {
    uint64_t v = 0;
    size_t k = 1;
    int base = 10;
    if (k < body.size() && (body[k] == 'x' || body[k] == 'X')) {
      base = 16;
      ++k;
    }
    if (k >= body.size()) return false;
    for (; k < body.size(); ++k) {
      const char c = body[k];
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return false;
      v = v * base + d;
      if (v > 0x10FFFF) v = 0x110000;  // saturate: replaced below
    }
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    cp = static_cast<char32_t>(v);
    len = semi - i + 1;
    return true;
  }
  for (const Named& n : kNamed) {
    if (n.name == body) {
      cp = n.cp;
      len = semi - i + 1;
      return true;
    }
  }
  return false;
}

// Tag name at s[i] == '<' (lower-cased), and the tag's end; false if s[i]
// does not start a tag.
bool ParseTag(std::string_view s, size_t i, std::string& name, size_t& end) {
  if (i + 1 >= s.size()) return false;
  if (s.compare(i, 4, "<!--") == 0) {
    size_t close = s.find("-->", i + 4);
    if (close == std::string_view::npos) return false;
    name = "!--";
    end = close + 3;
    return true;
  }
  size_t k = i + 1;
  if (s[k] == '/' || s[k] == '!') ++k;
  if (k >= s.size() || !IsAsciiAlpha(s[k])) return false;
  size_t n0 = k;
  while (k < s.size() && (IsAsciiAlpha(s[k]) || (s[k] >= '0' && s[k] <= '9') || s[k] == ':' ||
                          s[k] == '-'))
    ++k;
  name.assign(s.substr(n0, k - n0));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (k < s.size() && !(s[k] == '>' || s[k] == '/' || s[k] == ' ' || s[k] == '\t' ||
                        s[k] == '\n' || s[k] == '\r'))
    return false;
  // A tag never spans a huge distance; "<a" followed by prose is not a tag.
  size_t close = s.find('>', k);
  if (close == std::string_view::npos || close - i > 2048) return false;
  end = close + 1;
  return true;
}

}  // namespace

std::string DecodeEntities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    size_t len;
    if (s[i] == '&' && ParseReference(s, i, cp, len)) {
      utf8::Append(out, cp);
      i += len;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::string StripMarkup(std::string_view s) {
  if (s.find('<') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  std::string name;
  for (size_t i = 0; i < s.size();) {
    size_t end;
    if (s[i] == '<' && ParseTag(s, i, name, end)) {
      if (name == "p" || name == "br" || name == "div" || name == "li" || name == "h1" ||
          name == "h2" || name == "h3" || name == "tr")
        out += '\n';
      i = end;
    } else {
      out += s[i++];
    }
  }
  return out;
}

}  // namespace riwaya::ingest
