#include "index/query.h"

#include <optional>

#include "base/utf8.h"
#include "index/document.h"
#include "index/segment.h"
#include "text/date_calendar.h"

namespace riwaya::index {

// Built with reserve+append: GCC 12 -O3 reports a false -Wrestrict on `string + string`.
static std::string Prefixed(char prefix, std::string_view s) {
  std::string r;
  r.reserve(s.size() + 1);
  r.push_back(prefix);
  r.append(s.data(), s.size());
  return r;
}
std::string FormTerm(std::string_view form) { return Prefixed(kFormPrefix, form); }
std::string AuthorTerm(std::string_view term) { return Prefixed(kAuthorPrefix, term); }

namespace {

using text::DaysFromCivil;

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Parses YYYY, YYYY-MM or YYYY-MM-DD into [first second, last second].
bool ParseDateBound(std::string_view s, int64_t& first, int64_t& last) {
  int y = 0, m = 0, d = 0;
  auto num = [](std::string_view v) {
    int r = 0;
    for (char c : v) r = r * 10 + (c - '0');
    return r;
  };
  if (s.size() == 4 && AllDigits(s)) {
    y = num(s);
    first = DaysFromCivil(y, 1, 1) * 86400;
    last = DaysFromCivil(y + 1, 1, 1) * 86400 - 1;
    return true;
  }
  if (s.size() == 7 && s[4] == '-' && AllDigits(s.substr(0, 4)) && AllDigits(s.substr(5, 2))) {
    y = num(s.substr(0, 4));
    m = num(s.substr(5, 2));
    if (m < 1 || m > 12) return false;
    first = DaysFromCivil(y, m, 1) * 86400;
    last = (m == 12 ? DaysFromCivil(y + 1, 1, 1) : DaysFromCivil(y, m + 1, 1)) * 86400 - 1;
    return true;
  }
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && AllDigits(s.substr(0, 4)) && AllDigits(s.substr(5, 2)) &&
      AllDigits(s.substr(8, 2))) {
    y = num(s.substr(0, 4));
    m = num(s.substr(5, 2));
    d = num(s.substr(8, 2));
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int dim = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
    if (d > dim) return false;
    first = DaysFromCivil(y, m, d) * 86400;
    last = first + 86399;
    return true;
  }
  return false;
}

constexpr int kMaxDepth = 64;
constexpr size_t kMaxQueryBytes = 16 * 1024;

class Parser {
 public:
  Parser(std::string_view q, const text::Analyzer& a) : q_(q), a_(a) {}

  Result<Query> Run() {
    if (q_.size() > kMaxQueryBytes) return Fail(kMaxQueryBytes, "query too long (limit 16 KiB)");
    size_t bad = utf8::FindInvalid(q_);
    if (bad != std::string_view::npos) return Fail(bad, "invalid UTF-8");
    SkipWs();
    if (i_ >= q_.size()) return Fail(0, "empty query");
    std::optional<QueryNode> root = ParseOr(0);
    if (!err_.empty()) return Fail(err_pos_, err_);
    SkipWs();
    if (i_ < q_.size()) {
      if (q_[i_] == ')') return Fail(i_, "unexpected ')' without a matching '('");
      return Fail(i_, "unexpected input");
    }
    if (!root) return Fail(0, "query has no searchable words (only stopwords or punctuation?)");
    Query query;
    query.root = std::move(*root);
    if (!Validate(query.root, false)) return Fail(err_pos_, err_);
    if (!HasPositive(query.root)) {
      return Fail(query.root.pos, "query has only negations; add a word or filter to search for");
    }
    CollectHighlights(query.root, false, query.highlight_terms);
    return query;
  }

 private:
  Status Fail(size_t pos, const std::string& msg) {
    std::string caret;
    // Caret column counted in code points so it lines up in a terminal.
    size_t cols = 0;
    for (size_t k = 0; k < pos && k < q_.size(); ++k)
      if ((static_cast<unsigned char>(q_[k]) & 0xC0) != 0x80) ++cols;
    caret.assign(cols, ' ');
    std::string shown = q_.size() <= 512 ? std::string(q_) : std::string(q_.substr(0, 512)) + "…";
    if (!utf8::IsValid(shown)) shown = utf8::Sanitize(shown);
    return Status::Invalid("query: " + msg + " at byte " + std::to_string(pos) + "\n  " + shown + "\n  " + caret +
                           "^");
  }
  void Error(size_t pos, std::string msg) {
    if (err_.empty()) {
      err_ = std::move(msg);
      err_pos_ = pos;
    }
  }
  void SkipWs() {
    while (i_ < q_.size() && (q_[i_] == ' ' || q_[i_] == '\t' || q_[i_] == '\n' || q_[i_] == '\r')) ++i_;
  }
  static bool IsStop(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == '"'; }
  bool AtKeyword(std::string_view kw) const {
    if (q_.substr(i_, kw.size()) != kw) return false;
    size_t e = i_ + kw.size();
    return e >= q_.size() || IsStop(q_[e]);
  }

  std::optional<QueryNode> ParseOr(int depth) {
    if (depth > kMaxDepth) {
      Error(i_, "query nested too deeply");
      return std::nullopt;
    }
    std::vector<QueryNode> parts;
    size_t start = i_;
    bool any = false;
    SkipWs();
    const size_t first_at = i_;
    std::optional<QueryNode> first = ParseAnd(depth);
    if (!err_.empty()) return std::nullopt;
    SkipWs();
    if (i_ == first_at && AtKeyword("OR")) {
      Error(i_, "OR needs a term on both sides");
      return std::nullopt;
    }
    if (first) parts.push_back(std::move(*first));
    while (err_.empty()) {
      SkipWs();
      if (!AtKeyword("OR")) break;
      size_t op = i_;
      any = true;
      i_ += 2;
      SkipWs();
      if (i_ >= q_.size() || q_[i_] == ')' || AtKeyword("OR")) {
        Error(op, "OR needs a term on both sides");
        return std::nullopt;
      }
      std::optional<QueryNode> next = ParseAnd(depth);
      if (next) parts.push_back(std::move(*next));
    }
    if (any && start == i_) Error(start, "OR needs a term on both sides");
    if (!err_.empty() || parts.empty()) return std::nullopt;
    if (parts.size() == 1) return std::move(parts[0]);
    QueryNode n;
    n.kind = QueryNode::Kind::kOr;
    n.pos = static_cast<uint32_t>(start);
    n.children = std::move(parts);
    return n;
  }

  std::optional<QueryNode> ParseAnd(int depth) {
    std::vector<QueryNode> parts;
    SkipWs();
    size_t start = i_;
    if (AtKeyword("AND")) {
      Error(i_, "AND needs a term on both sides");
      return std::nullopt;
    }
    while (err_.empty()) {
      SkipWs();
      if (i_ >= q_.size() || q_[i_] == ')' || AtKeyword("OR")) break;
      if (AtKeyword("AND")) {
        size_t op = i_;
        i_ += 3;
        SkipWs();
        if (i_ >= q_.size() || q_[i_] == ')' || AtKeyword("OR") || AtKeyword("AND")) {
          Error(op, "AND needs a term on both sides");
          break;
        }
        continue;
      }
      std::optional<QueryNode> u = ParseUnary(depth);
      if (u) parts.push_back(std::move(*u));
    }
    if (!err_.empty() || parts.empty()) return std::nullopt;
    if (parts.size() == 1) return std::move(parts[0]);
    QueryNode n;
    n.kind = QueryNode::Kind::kAnd;
    n.pos = static_cast<uint32_t>(start);
    n.children = std::move(parts);
    return n;
  }

  std::optional<QueryNode> ParseUnary(int depth) {
    if (depth > kMaxDepth) {
      Error(i_, "query nested too deeply");
      return std::nullopt;
    }
    size_t start = i_;
    bool neg = false;
    std::optional<QueryNode> child;
    if (q_[i_] == '-') {
      ++i_;
      if (i_ >= q_.size() || (IsStop(q_[i_]) && q_[i_] != '(' && q_[i_] != '"')) {
        Error(start, "'-' must be followed by a word, phrase or '(' without a space");
        return std::nullopt;
      }
      if (q_[i_] == '-') {
        Error(i_, "double negation");
        return std::nullopt;
      }
      neg = true;
      child = ParsePrimary(depth + 1);
    } else if (AtKeyword("NOT")) {
      i_ += 3;
      SkipWs();
      if (i_ >= q_.size() || q_[i_] == ')' || AtKeyword("OR") || AtKeyword("AND")) {
        Error(start, "NOT needs a term after it");
        return std::nullopt;
      }
      neg = true;
      child = ParseUnary(depth + 1);
    } else {
      return ParsePrimary(depth);
    }
    if (!child) return std::nullopt;
    QueryNode n;
    n.kind = QueryNode::Kind::kNot;
    n.pos = static_cast<uint32_t>(start);
    n.children.push_back(std::move(*child));
    (void)neg;
    return n;
  }

  // Reads a bare word: up to whitespace, parenthesis or quote.
  std::string_view ReadWord() {
    size_t s = i_;
    while (i_ < q_.size() && !IsStop(q_[i_])) ++i_;
    return q_.substr(s, i_ - s);
  }

  // Reads "..." starting at the opening quote; false on an unterminated one.
  bool ReadQuoted(std::string_view& out, size_t& content_pos) {
    size_t open = i_;
    ++i_;
    size_t close = q_.find('"', i_);
    if (close == std::string_view::npos) {
      Error(open, "unterminated quote");
      return false;
    }
    content_pos = i_;
    out = q_.substr(i_, close - i_);
    i_ = close + 1;
    return true;
  }

  std::optional<QueryNode> ParsePrimary(int depth) {
    SkipWs();
    if (i_ >= q_.size()) {
      Error(i_, "expected a word");
      return std::nullopt;
    }
    size_t start = i_;
    char c = q_[i_];
    if (c == '(') {
      ++i_;
      std::optional<QueryNode> inner = ParseOr(depth + 1);
      if (!err_.empty()) return std::nullopt;
      SkipWs();
      if (i_ >= q_.size() || q_[i_] != ')') {
        Error(start, "missing ')' for this '('");
        return std::nullopt;
      }
      ++i_;
      if (!inner) {
        // "()" or only stopwords inside: say so rather than silently matching nothing.
        Error(start, "empty parentheses");
        return std::nullopt;
      }
      return inner;
    }
    if (c == ')') {
      Error(i_, "unexpected ')' without a matching '('");
      return std::nullopt;
    }
    if (c == '"') return ParsePhrase(Field::kAny, start);
    if (c == '=') {
      ++i_;
      std::string_view w = ReadWord();
      if (w.empty()) {
        Error(start, "'=' must be followed by a word (exact form)");
        return std::nullopt;
      }
      return ExactForm(w, start);
    }
    std::string_view word = ReadWord();
    size_t colon = word.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      std::string name;
      bool ascii = true;
      for (char ch : word.substr(0, colon)) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        if (ch < 'a' || ch > 'z') ascii = false;
        name.push_back(ch);
      }
      if (ascii) return ParseField(name, word.substr(colon + 1), start, start + colon + 1);
    }
    return Words(word, start, Field::kAny);
  }

  std::optional<QueryNode> ParseField(const std::string& name, std::string_view rest, size_t start, size_t vpos) {
    bool quoted = false;
    std::string_view value = rest;
    size_t value_pos = vpos;
    if (rest.empty()) {
      if (i_ < q_.size() && q_[i_] == '"') {
        if (name == "title") return ParsePhrase(Field::kTitle, start);
        if (!ReadQuoted(value, value_pos)) return std::nullopt;
        quoted = true;
      } else {
        Error(vpos, "missing value after '" + name + ":'");
        return std::nullopt;
      }
    }
    (void)quoted;
    QueryNode n;
    n.pos = static_cast<uint32_t>(start);
    if (name == "title") return Words(value, value_pos, Field::kTitle);
    if (name == "outlet" || name == "category") {
      n.kind = name == "outlet" ? QueryNode::Kind::kOutlet : QueryNode::Kind::kCategory;
      n.value = std::string(value);
      n.scored = false;
      if (n.value.empty()) {
        Error(vpos, "empty " + name + " name");
        return std::nullopt;
      }
      return n;
    }
    if (name == "author") {
      std::vector<text::Token> toks;
      a_.Analyze(value, toks);
      if (toks.empty()) {
        Error(value_pos, "author: value has no searchable word");
        return std::nullopt;
      }
      std::vector<QueryNode> parts;
      for (auto& t : toks) {
        QueryNode a;
        a.kind = QueryNode::Kind::kTerm;
        a.scored = false;
        a.pos = static_cast<uint32_t>(value_pos + t.begin);
        a.terms.push_back(AuthorTerm(t.term));
        parts.push_back(std::move(a));
      }
      if (parts.size() == 1) return std::move(parts[0]);
      n.kind = QueryNode::Kind::kAnd;
      n.children = std::move(parts);
      return n;
    }
    if (name == "date") {
      n.kind = QueryNode::Kind::kDate;
      n.scored = false;
      size_t dots = value.find("..");
      int64_t f1 = 0, l1 = 0, f2 = 0, l2 = 0;
      if (dots == std::string_view::npos) {
        if (!ParseDateBound(value, f1, l1)) {
          Error(value_pos, "bad date '" + std::string(value) + "' (use YYYY-MM-DD, YYYY-MM or YYYY)");
          return std::nullopt;
        }
        n.from = f1;
        n.to = l1;
        return n;
      }
      std::string_view a = value.substr(0, dots), b = value.substr(dots + 2);
      if (a.empty() && b.empty()) {
        Error(value_pos, "date range needs at least one end");
        return std::nullopt;
      }
      n.from = std::numeric_limits<int64_t>::min() + 1;
      n.to = std::numeric_limits<int64_t>::max();
      if (!a.empty()) {
        if (!ParseDateBound(a, f1, l1)) {
          Error(value_pos, "bad start date '" + std::string(a) + "' (use YYYY-MM-DD)");
          return std::nullopt;
        }
        n.from = f1;
      }
      if (!b.empty()) {
        if (!ParseDateBound(b, f2, l2)) {
          Error(value_pos + dots + 2, "bad end date '" + std::string(b) + "' (use YYYY-MM-DD)");
          return std::nullopt;
        }
        n.to = l2;
      }
      if (n.from > n.to) {
        Error(value_pos, "date range ends before it starts");
        return std::nullopt;
      }
      return n;
    }
    Error(start, "unknown field '" + name + ":' (fields: title, outlet, category, author, date)");
    return std::nullopt;
  }

  std::optional<QueryNode> ParsePhrase(Field field, size_t start) {
    std::string_view body;
    size_t body_pos = 0;
    if (!ReadQuoted(body, body_pos)) return std::nullopt;
    bool prox = false;
    uint32_t slop = 0;
    if (i_ < q_.size() && q_[i_] == '~') {
      size_t tpos = i_;
      ++i_;
      size_t s = i_;
      while (i_ < q_.size() && q_[i_] >= '0' && q_[i_] <= '9' && i_ - s < 8) ++i_;
      if (s == i_ || (i_ < q_.size() && !IsStop(q_[i_]))) {
        Error(tpos, "'~' must be followed by a number of words, e.g. \"a b\"~5");
        return std::nullopt;
      }
      uint64_t v = 0;
      for (size_t k = s; k < i_; ++k) v = v * 10 + (q_[k] - '0');
      if (v > kMaxSlop) {
        Error(tpos, "proximity too large (limit " + std::to_string(kMaxSlop) + ")");
        return std::nullopt;
      }
      prox = true;
      slop = static_cast<uint32_t>(v);
    }
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      Error(start, "empty phrase");
      return std::nullopt;
    }
    std::vector<text::Token> toks;
    a_.Analyze(body, toks);
    if (toks.empty()) return std::nullopt;  // only stopwords: the clause drops out
    QueryNode n;
    n.pos = static_cast<uint32_t>(start);
    n.field = field;
    if (toks.size() == 1) {
      n.kind = QueryNode::Kind::kTerm;
      n.terms.push_back(toks[0].term);
      return n;
    }
    n.kind = QueryNode::Kind::kPhrase;
    n.proximity = prox;
    n.slop = slop;
    for (auto& t : toks) {
      n.terms.push_back(t.term);
      n.offsets.push_back(t.position - toks[0].position);
    }
    return n;
  }

  // A bare word may analyse into several tokens (F-35, كوفيد-19): a phrase then.
  std::optional<QueryNode> Words(std::string_view w, size_t pos, Field field) {
    std::vector<text::Token> toks;
    a_.Analyze(w, toks);
    if (toks.empty()) return std::nullopt;
    QueryNode n;
    n.pos = static_cast<uint32_t>(pos);
    n.field = field;
    if (toks.size() == 1) {
      n.kind = QueryNode::Kind::kTerm;
      n.terms.push_back(toks[0].term);
      return n;
    }
    n.kind = QueryNode::Kind::kPhrase;
    for (auto& t : toks) {
      n.terms.push_back(t.term);
      n.offsets.push_back(t.position - toks[0].position);
    }
    return n;
  }

  std::optional<QueryNode> ExactForm(std::string_view w, size_t pos) {
    std::vector<text::Token> toks;
    a_.Analyze(w, toks);
    if (toks.empty()) {
      // A stopword asked for exactly: forms of stopwords are not indexed.
      Error(pos, "'=" + std::string(w) + "' has no indexed form (stopword?)");
      return std::nullopt;
    }
    std::vector<QueryNode> parts;
    for (auto& t : toks) {
      QueryNode n;
      n.kind = QueryNode::Kind::kTerm;
      n.pos = static_cast<uint32_t>(pos);
      if (t.form.empty() || t.form == t.term) {
        // Written exactly as its term: served from the term's postings.
        n.bare = true;
        n.terms.push_back(t.term);
      } else {
        n.terms.push_back(FormTerm(t.form));
      }
      parts.push_back(std::move(n));
    }
    if (parts.size() == 1) return std::move(parts[0]);
    QueryNode n;
    n.kind = QueryNode::Kind::kAnd;
    n.pos = static_cast<uint32_t>(pos);
    n.children = std::move(parts);
    return n;
  }

  static bool IsFilter(const QueryNode& n) {
    return n.kind == QueryNode::Kind::kOutlet || n.kind == QueryNode::Kind::kCategory ||
           n.kind == QueryNode::Kind::kDate || n.kind == QueryNode::Kind::kAll;
  }
  static bool HasPositive(const QueryNode& n) {
    switch (n.kind) {
      case QueryNode::Kind::kNot: return false;
      case QueryNode::Kind::kAnd:
        for (auto& c : n.children)
          if (HasPositive(c)) return true;
        return false;
      default: return true;
    }
  }
  // A negation must sit in an AND beside something positive.
  bool Validate(const QueryNode& n, bool) {
    if (n.kind == QueryNode::Kind::kNot) {
      Error(n.pos, "a negation needs a positive term beside it (e.g. 'a -b')");
      return false;
    }
    if (n.kind == QueryNode::Kind::kAnd) {
      bool pos = false;
      for (auto& c : n.children)
        if (c.kind != QueryNode::Kind::kNot && HasPositive(c)) pos = true;
      for (auto& c : n.children) {
        if (c.kind == QueryNode::Kind::kNot) {
          if (!pos) {
            Error(c.pos, "a negation needs a positive term beside it (e.g. 'a -b')");
            return false;
          }
          if (!Validate(c.children[0], false) && c.children[0].kind != QueryNode::Kind::kNot) return false;
        } else if (!Validate(c, false)) {
          return false;
        }
      }
      return true;
    }
    for (auto& c : n.children)
      if (!Validate(c, false)) return false;
    return true;
  }
  static void CollectHighlights(const QueryNode& n, bool negated, std::vector<std::string>& out) {
    if (n.kind == QueryNode::Kind::kNot) return;
    if ((n.kind == QueryNode::Kind::kTerm || n.kind == QueryNode::Kind::kPhrase) && n.scored && !negated) {
      for (auto& t : n.terms) out.push_back(n.bare ? FormTerm(t) : t);
    }
    for (auto& c : n.children) CollectHighlights(c, negated, out);
  }

  std::string_view q_;
  const text::Analyzer& a_;
  size_t i_ = 0;
  std::string err_;
  size_t err_pos_ = 0;
};

}  // namespace

bool ParseDay(std::string_view s, int64_t& epoch_seconds) {
  int64_t last = 0;
  return s.size() == 10 && ParseDateBound(s, epoch_seconds, last);
}

bool Query::IsFilterOnly() const {
  auto rec = [](auto&& self, const QueryNode& n) -> bool {
    switch (n.kind) {
      case QueryNode::Kind::kOutlet:
      case QueryNode::Kind::kCategory:
      case QueryNode::Kind::kDate:
      case QueryNode::Kind::kAll: return true;
      case QueryNode::Kind::kAnd:
        for (auto& c : n.children)
          if (c.kind != QueryNode::Kind::kNot && !self(self, c)) return false;
        return true;
      default: return false;
    }
  };
  return rec(rec, root);
}

Result<Query> ParseQuery(std::string_view text, const text::Analyzer& analyzer) {
  Parser p(text, analyzer);
  return p.Run();
}

}  // namespace riwaya::index
