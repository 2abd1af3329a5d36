// Analyzer: turns UTF-8 text into index terms, each mapped back to its byte
// span in the original text. Normalisation follows DESIGN.md ("Arabic text,
// the rules we hold"). Analyzers are immutable and thread-safe after creation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace riwaya::text {

struct Token {
  std::string term;   // what is indexed/searched: normalised, then stemmed
  std::string form;   // normalised, unstemmed (diacritics removed): for the exact-form operator
  uint32_t begin = 0; // byte offsets of the token in the original text
  uint32_t end = 0;
  uint32_t position = 0;  // token ordinal (stopwords keep their position slot)
};

// A token handed to a TokenSink: views into the analyzer's buffers, valid
// only during the OnToken call (copy what must outlive it).
struct TokenView {
  std::string_view term;
  std::string_view form;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t position = 0;
};

class TokenSink {
 public:
  virtual ~TokenSink() = default;
  virtual void OnToken(const TokenView& token) = 0;
};

class Analyzer {
 public:
  virtual ~Analyzer() = default;
  // Appends the tokens of `text` to `out`, stopwords removed. Positions start
  // at `first_position`.
  virtual void Analyze(std::string_view text, std::vector<Token>& out,
                       uint32_t first_position = 0) const = 0;
  // The same tokens as Analyze, in the same order with the same positions,
  // streamed to `sink` without building a string per token: the fast path
  // for indexing. The default implementation goes through Analyze.
  virtual void AnalyzeInto(std::string_view text, TokenSink& sink,
                           uint32_t first_position = 0) const;
  // Analyzes a single query word (no stopword removal); empty if nothing remains.
  virtual std::string Term(std::string_view word) const = 0;
  virtual std::string_view name() const = 0;
  // The normalised, unstemmed form of a single query word, for the exact-form
  // operator (`=الحكومة`): compare with Token::form. Empty if nothing remains.
  virtual std::string Form(std::string_view word) const;
};

struct AnalyzerOptions {
  bool fold_hamza_carriers = false;  // ؤ → و, ئ → ي: measured no gain on ARCD/XQuAD, so off
  bool remove_stopwords = true;
  bool waw_stopwords = false;  // و + stopword (وماذا، ولكن) is a stopword too
  // Light stemmer knobs, for measurement: letters that must remain after
  // removing the conjunction و; whether the future س is stripped.
  int waw_min_rest = 3;
  bool strip_future_seen = true;
  int single_proclitic_min_rest = 4;  // ب ل ك ف without the article (0 = keep)
  bool strip_accusative_alef = true;   // جديدا → جديد
  int nisba_min_rest = 3;              // letters left after removing a final ي
  bool ending_after_alef = true;       // سوريا → سوري → سور
  bool plural_under_pronoun = false;   // مقالاته → مقال (as مقالاتهم)
};

// "light" (riwaya's light stemmer, the default), "snowball" (libstemmer
// Arabic), "none" (normalisation only). A name may carry modifiers:
// "+hamza" folds hamza carriers, "+stop" keeps stopwords (e.g.
// "light+hamza"). Returns nullptr for unknown names.
std::unique_ptr<Analyzer> MakeAnalyzer(std::string_view name);
std::unique_ptr<Analyzer> MakeAnalyzer(std::string_view name, const AnalyzerOptions& options);
inline constexpr std::string_view kDefaultAnalyzer = "light";

// Normalisation for matching (never for display): alef/yeh/teh-marbuta folds,
// tatweel/harakat removal, NFKC presentation forms, digits to ASCII, Latin lower case.
std::string NormalizeForMatch(std::string_view text);

}  // namespace riwaya::text
