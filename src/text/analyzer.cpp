#include "text/analyzer.h"

#include <optional>

#include "text/chartable.h"
#include "text/normalize.h"
#include "text/snowball.h"
#include "text/stem.h"
#include "text/stopwords.h"
#include "text/tokenize.h"

namespace riwaya::text {
namespace {

enum class StemKind { kLight, kSnowball, kNone };

// One analyzer for all three stemmers: the tokenizer, normaliser and
// stopwords are shared; only the term of an Arabic word differs.
class StandardAnalyzer final : public Analyzer {
 public:
  StandardAnalyzer(std::string name, StemKind kind, const AnalyzerOptions& options)
      : name_(std::move(name)),
        kind_(kind),
        normalize_{options.fold_hamza_carriers},
        remove_stopwords_(options.remove_stopwords),
        waw_stopwords_(options.waw_stopwords),
        stopwords_(normalize_) {
    light_.waw_min_rest = options.waw_min_rest < 0 ? 0 : static_cast<size_t>(options.waw_min_rest);
    light_.strip_future_seen = options.strip_future_seen;
    light_.strip_accusative_alef = options.strip_accusative_alef;
    light_.nisba_min_rest = options.nisba_min_rest < 0 ? 0 : static_cast<size_t>(options.nisba_min_rest);
    light_.ending_after_alef = options.ending_after_alef;
    light_.plural_under_pronoun = options.plural_under_pronoun;
    light_.single_proclitic_min_rest =
        options.single_proclitic_min_rest < 0 ? 0 : static_cast<size_t>(options.single_proclitic_min_rest);
    if (kind_ == StemKind::kSnowball) snowball_.emplace("arabic");
  }

  bool ok() const { return kind_ != StemKind::kSnowball || (snowball_ && snowball_->ok()); }

  void Analyze(std::string_view text, std::vector<Token>& out,
               uint32_t first_position) const override {
    Run(text, first_position, [&out](std::string_view term, const RawToken& t, uint32_t p) {
      out.emplace_back(std::string(term), std::string(t.form), t.begin, t.end, p);
    });
  }

  void AnalyzeInto(std::string_view text, TokenSink& sink, uint32_t first_position) const override {
    TokenView v;
    Run(text, first_position, [&sink, &v](std::string_view term, const RawToken& t, uint32_t p) {
      v.term = term;
      v.form = t.form;
      v.begin = t.begin;
      v.end = t.end;
      v.position = p;
      sink.OnToken(v);
    });
  }

  std::string Term(std::string_view word) const override {
    std::optional<SnowballStemmers::Lease> lease;
    if (kind_ == StemKind::kSnowball) lease.emplace(*snowball_);
    Tokenizer tokenizer(word, normalize_);
    RawToken t;
    std::string scratch;
    while (tokenizer.Next(t)) {
      if (!t.too_long) return std::string(TermOf(word, t, lease ? &*lease : nullptr, scratch));
    }
    return {};
  }

  std::string Form(std::string_view word) const override {
    Tokenizer tokenizer(word, normalize_);
    RawToken t;
    while (tokenizer.Next(t)) {
      if (!t.too_long) return std::string(t.form);
    }
    return {};
  }

  std::string_view name() const override { return name_; }

 private:
  // The one loop behind Analyze and AnalyzeInto: emit(term, raw token, position).
  template <class Emit>
  void Run(std::string_view text, uint32_t first_position, Emit&& emit) const {
    std::optional<SnowballStemmers::Lease> lease;
    if (kind_ == StemKind::kSnowball) lease.emplace(*snowball_);
    Tokenizer tokenizer(text, normalize_);
    RawToken t;
    std::string scratch;
    uint32_t position = first_position;
    while (tokenizer.Next(t)) {
      const uint32_t p = position++;  // stopwords and over-long words keep their slot
      if (t.too_long) continue;
      if (remove_stopwords_ && IsStopword(t.form)) continue;
      emit(TermOf(text, t, lease ? &*lease : nullptr, scratch), t, p);
    }
  }

  std::string_view TermOf(std::string_view text, const RawToken& t,
                          SnowballStemmers::Lease* lease, std::string& scratch) const {
    if (!t.all_arabic) return StripProcliticBeforeForeign(t.form, t.arabic_prefix_bytes);
    switch (kind_) {
      case StemKind::kLight:
        return t.plain_arabic ? LightStemPlainArabic(t.form, light_) : LightStem(t.form, light_);
      case StemKind::kSnowball:
        // Snowball's Arabic rules expect ة and ى as written (it folds them
        // itself), so it stems the surface word, minus invisible controls.
        if (lease == nullptr) return t.form;
        return lease->Stem(SurfaceWithoutControls(text.substr(t.begin, t.end - t.begin), scratch));
      case StemKind::kNone: return t.form;
    }
    return t.form;
  }

  std::string_view SurfaceWithoutControls(std::string_view surface, std::string& scratch) const {
    const CharTable& table = CharTable::Get(normalize_);
    scratch.clear();
    char wide[CharTable::kScratchBytes];
    for (size_t i = 0; i < surface.size();) {
      const Decoded d = table.Decode(surface.data() + i, surface.size() - i, wide);
      if (d.cls == CharClass::kArabic && d.in_len == 2) {
        scratch.append(surface.data() + i, 2);  // as written: Snowball folds alef/yeh/teh itself
      } else if (d.cls != CharClass::kIgnorable && d.cls != CharClass::kMark) {
        scratch.append(d.data(), d.out_len);
      }
      i += d.in_len;
    }
    return scratch;
  }

  // A stopword, or the conjunction و written onto one (وماذا، ولكن، وبين):
  // a function word with "and" is still a function word.
  bool IsStopword(std::string_view form) const {
    if (stopwords_.Contains(form)) return true;
    return waw_stopwords_ && form.size() > 2 && form[0] == '\xD9' && form[1] == '\x88' &&
           stopwords_.Contains(form.substr(2));
  }

  std::string name_;
  StemKind kind_;
  NormalizeOptions normalize_;
  bool remove_stopwords_;
  bool waw_stopwords_;
  StopwordSet stopwords_;
  LightStemOptions light_;
  std::optional<SnowballStemmers> snowball_;
};

}  // namespace

std::string Analyzer::Form(std::string_view word) const {
  // Fallback for other implementations: the first word of the normalised text.
  std::vector<TokenSpan> spans = Tokenize(word);
  return spans.empty() ? std::string() : spans.front().form;
}

void Analyzer::AnalyzeInto(std::string_view text, TokenSink& sink, uint32_t first_position) const {
  // Fallback for other implementations: through the vector interface.
  std::vector<Token> tokens;
  Analyze(text, tokens, first_position);
  TokenView v;
  for (const Token& t : tokens) {
    v.term = t.term;
    v.form = t.form;
    v.begin = t.begin;
    v.end = t.end;
    v.position = t.position;
    sink.OnToken(v);
  }
}

std::unique_ptr<Analyzer> MakeAnalyzer(std::string_view name) {
  return MakeAnalyzer(name, AnalyzerOptions{});
}

std::unique_ptr<Analyzer> MakeAnalyzer(std::string_view name, const AnalyzerOptions& options) {
  AnalyzerOptions opts = options;
  const std::string full(name);
  const size_t plus = name.find('+');
  const std::string_view base = name.substr(0, plus);
  while (plus != std::string_view::npos && !name.empty()) {
    name.remove_prefix(name.find('+') + 1);
    const size_t next = name.find('+');
    const std::string_view mod = name.substr(0, next);
    if (mod == "hamza") {
      opts.fold_hamza_carriers = true;
    } else if (mod == "stop") {
      opts.remove_stopwords = false;
    } else {
      return nullptr;
    }
    if (next == std::string_view::npos) break;
  }
  StemKind kind;
  if (base == "light") {
    kind = StemKind::kLight;
  } else if (base == "snowball") {
    kind = StemKind::kSnowball;
  } else if (base == "none") {
    kind = StemKind::kNone;
  } else {
    return nullptr;
  }
  auto a = std::make_unique<StandardAnalyzer>(full, kind, opts);
  if (!a->ok()) return nullptr;
  return a;
}

}  // namespace riwaya::text
