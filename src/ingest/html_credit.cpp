#include "ingest/html_credit.h"

#include <array>
#include <cctype>

#include "base/utf8.h"
#include "ingest/fold.h"

namespace riwaya::ingest::html {
namespace {

constexpr std::array<std::string_view, 37> kAgencies = {
    "رويترز", "ا ف ب", "اف ب", "ا.ف.ب", "ا. ف. ب", "فرانس برس", "وكاله فرانس برس", "د ب ا", "د.ب.ا",
    "الاناضول", "وكاله الاناضول", "واس", "قنا", "وام", "بترا", "سانا", "شينخوا", "سبوتنيك",
    "اسوشيتد برس", "ا ب", "وكالات", "وكالات الانباء", "كونا", "ومع", "واج", "وات", "afp", "reuters",
    "ap", "mena", "map", "aps", "ansa", "وكالات - الحره", "ا.ش.ا", "ا ش ا", "اش ا"};

std::string_view TrimPunct(std::string_view s) {
  auto strip = [](std::string_view& v, bool front) {
    while (!v.empty()) {
      unsigned char c = static_cast<unsigned char>(front ? v.front() : v.back());
      if (c == ' ' || c == '.' || c == ':' || c == '-' || c == '|' || c == '\t') {
        front ? v.remove_prefix(1) : v.remove_suffix(1);
      } else if (!front && v.size() >= 2 && v.substr(v.size() - 2) == "\xD8\x8C") {  // "،"
        v.remove_suffix(2);
      } else {
        break;
      }
    }
  };
  strip(s, true);
  strip(s, false);
  return s;
}

bool IsAgency(std::string_view original) {
  std::string f = FoldChars(TrimPunct(original));
  for (std::string_view a : kAgencies) {
    if (f == a) return true;
  }
  return false;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::string CreditOfLine(std::string_view paragraph) {
  std::string_view p = TrimPunct(paragraph);
  if (p.empty() || p.size() > 160) return {};
  std::string f = FoldChars(p);
  for (std::string_view label : {std::string_view("المصدر"), std::string_view("المصادر"),
                                 std::string_view("source"), std::string_view("sources"),
                                 std::string_view("avec")}) {
    if (StartsWith(f, label)) {
      std::string_view rest = f;
      rest.remove_prefix(label.size());
      if (!rest.empty() && rest[0] != ' ' && rest[0] != ':' && rest[0] != '-') continue;
      size_t off = OriginalEnd(p, label.size());
      std::string_view credit = TrimPunct(p.substr(off));
      if (label == "avec" && !IsAgency(credit)) continue;
      if (!credit.empty() && credit.size() <= 100) return std::string(credit);
    }
  }
  if (p.size() >= 2 && p.front() == '(' && p.back() == ')') {
    std::string_view inner = TrimPunct(p.substr(1, p.size() - 2));
    if (!inner.empty() && utf8::IsValid(inner) && inner.size() <= 60 && inner.find('(') == std::string_view::npos) {
      return std::string(inner);
    }
  }
  if (IsAgency(p)) return std::string(p);
  return {};
}

std::string TakeCredits(std::vector<std::string>& paragraphs) {
  std::vector<std::string> found;
  // A credit line may open the body (rare) or close it (common, sometimes
  // followed by another credit line).
  while (!paragraphs.empty() && paragraphs.size() > 1) {
    std::string c = CreditOfLine(paragraphs.front());
    if (c.empty()) break;
    found.push_back(c);
    paragraphs.erase(paragraphs.begin());
  }
  std::vector<std::string> tail;
  for (int k = 0; k < 3 && paragraphs.size() > 1; ++k) {
    std::string c = CreditOfLine(paragraphs.back());
    if (c.empty()) break;
    tail.insert(tail.begin(), c);
    paragraphs.pop_back();
  }
  found.insert(found.end(), tail.begin(), tail.end());
  if (!paragraphs.empty()) {
    // "... الأسبوع المقبل. (أ ف ب)": a known agency in parentheses at the end.
    std::string& last = paragraphs.back();
    size_t close = last.find_last_not_of(" .");
    if (close != std::string::npos && last[close] == ')') {
      size_t open = last.rfind('(', close);
      if (open != std::string::npos && open > 0) {
        std::string_view inner(last.data() + open + 1, close - open - 1);
        if (IsAgency(inner)) {
          found.push_back(std::string(TrimPunct(inner)));
          last.erase(open);
          while (!last.empty() && last.back() == ' ') last.pop_back();
        }
      }
    }
  }
  std::string out;
  for (const std::string& c : found) {
    if (out.find(c) != std::string::npos) continue;  // "وكالات" twice is one credit
    if (!out.empty()) out += "، ";
    out += c;
  }
  return out;
}

std::string DatelineCredit(std::string_view first) {
  // Only look at the opening words: "بيروت (رويترز) - ..." or "القاهرة - (أ ف ب) -".
  std::string_view head = first.substr(0, 120);
  size_t open = head.find('(');
  if (open == std::string_view::npos || open > 60) return {};
  size_t close = head.find(')', open);
  if (close == std::string_view::npos) return {};
  std::string_view inner = head.substr(open + 1, close - open - 1);
  if (!IsAgency(inner)) return {};
  return std::string(TrimPunct(inner));
}

size_t ReadAlsoLabelLength(std::string_view text) {
  static constexpr std::array<std::string_view, 19> kLabels = {
      "اقرا ايضا", "اقرا كذلك", "اقرا المزيد", "مواضيع ذات صله", "اخبار ذات صله", "مقالات ذات صله",
      "موضوعات ذات صله", "ذات صله", "شاهد ايضا", "لمزيد من الاخبار", "a lire aussi", "à lire aussi",
      "lire aussi", "read also", "read more", "related", "المزيد من الاخبار", "اخبار متعلقه", "قد يهمك ايضا"};
  std::string f = FoldChars(text.substr(0, 200));
  // "اقرأ أيضاً" folds to "اقرا ايضا"; some sites write "إقرأ" or drop the hamza.
  for (std::string_view label : kLabels) {
    if (!StartsWith(f, label)) continue;
    size_t after = label.size();
    if (after < f.size()) {
      unsigned char c = static_cast<unsigned char>(f[after]);
      // The label must end at a word: "اقرا ايضاً" yes, "relatedness" no.
      bool arabic_comma = f.substr(after, 2) == "\xD8\x8C";
      if ((std::isalnum(c) || c >= 0x80) && !arabic_comma) continue;
    }
    size_t off = OriginalEnd(text, after);
    while (off < text.size() && (text[off] == ' ' || text[off] == ':' || text[off] == '-' || text[off] == '|')) ++off;
    return off;
  }
  return 0;
}

}  // namespace riwaya::ingest::html
