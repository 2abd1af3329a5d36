// A tiny analyzer for index tests, independent of text/: splits on ASCII
// whitespace and punctuation, lower-cases ASCII, drops a few stopwords (their
// positions stay reserved) and "stems" by stripping the Arabic prefixes
// وال / ال / لل / و when at least two letters remain. form = the word itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace riwaya::index::testing {

class TestAnalyzer : public text::Analyzer {
 public:
  void Analyze(std::string_view text, std::vector<text::Token>& out, uint32_t first_position = 0) const override {
    uint32_t pos = first_position;
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && IsSep(text[i])) ++i;
      size_t s = i;
      while (i < text.size() && !IsSep(text[i])) ++i;
      if (i == s) break;
      std::string form = Lower(text.substr(s, i - s));
      if (IsStop(form)) {
        ++pos;
        continue;
      }
      text::Token t;
      t.form = form;
      t.term = Stem(form);
      t.begin = static_cast<uint32_t>(s);
      t.end = static_cast<uint32_t>(i);
      t.position = pos++;
      out.push_back(std::move(t));
    }
  }
  std::string Term(std::string_view word) const override { return Stem(Lower(word)); }
  std::string_view name() const override { return "test"; }

  static bool IsSep(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == ',' || c == '.' || c == '!' || c == '?' ||
           c == ';' || c == '(' || c == ')' || c == '"' || c == ':' || c == '-';
  }
  static std::string Lower(std::string_view w) {
    std::string s(w);
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  }
  static bool IsStop(const std::string& w) { return w == "في" || w == "من" || w == "the" || w == "of"; }
  static std::string Stem(std::string w) {
    for (std::string_view p : {"وال", "لل", "ال", "و"}) {
      if (w.size() >= p.size() + 4 && w.compare(0, p.size(), p) == 0) return w.substr(p.size());
    }
    return w;
  }
};

}  // namespace riwaya::index::testing
