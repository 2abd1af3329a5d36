#include "server/search_params.h"

#include <charconv>
#include <chrono>
#include <string_view>

#include "base/utf8.h"

namespace riwaya::server {
namespace {

Status At(const std::string& name, size_t pos, const std::string& what) {
  return Status::Invalid(name + ": position " + std::to_string(pos) + ": " + what);
}

// The single value of a parameter; repeated parameters are an error rather
// than a silent pick, so shared URLs mean one thing.
Result<std::string> Single(const std::multimap<std::string, std::string>& params, const std::string& name,
                           bool* present) {
  auto range = params.equal_range(name);
  *present = range.first != range.second;
  if (!*present) return std::string();
  if (std::next(range.first) != range.second) return Status::Invalid(name + ": given more than once");
  return range.first->second;
}

Result<int64_t> ParseInt(const std::string& name, const std::string& v, int64_t lo, int64_t hi) {
  if (v.empty()) return At(name, 0, "expected an integer, got an empty value");
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  size_t pos = static_cast<size_t>(p - v.data());
  if (ec == std::errc::result_out_of_range) return At(name, 0, "number out of range");
  if (ec != std::errc() || pos != v.size()) return At(name, pos, "expected an integer");
  if (out < lo || out > hi)
    return At(name, 0, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return out;
}

// Checks what every query language shares: valid UTF-8, no control bytes,
// closed quotes and balanced parentheses. The engine reports the rest.
Status CheckQuery(const std::string& q) {
  if (q.size() > kMaxQueryBytes)
    return At("q", kMaxQueryBytes, "query longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  size_t bad = utf8::FindInvalid(q);
  if (bad != std::string_view::npos) return At("q", bad, "invalid UTF-8");
  size_t open_quote = std::string::npos;
  std::vector<size_t> parens;
  for (size_t i = 0; i < q.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(q[i]);
    if (c < 0x20 && c != '\t') return At("q", i, "control character");
    if (c == '"') {
      open_quote = open_quote == std::string::npos ? i : std::string::npos;
    } else if (open_quote == std::string::npos) {
      if (c == '(') parens.push_back(i);
      if (c == ')') {
        if (parens.empty()) return At("q", i, "unmatched closing parenthesis");
        parens.pop_back();
      }
    }
  }
  if (open_quote != std::string::npos) return At("q", open_quote, "quotation mark is never closed");
  if (!parens.empty()) return At("q", parens.back(), "parenthesis is never closed");
  return Status::Ok();
}

}  // namespace

Result<int64_t> ParseDateParam(const std::string& name, const std::string& v, bool end_of_day) {
  if (v.empty()) return At(name, 0, "expected YYYY-MM-DD or epoch seconds, got an empty value");
  bool digits_only = v.find_first_not_of("0123456789") == std::string::npos;
  if (digits_only) {  // epoch seconds
    return ParseInt(name, v, 0, int64_t{1} << 40);
  }
  // YYYY-MM-DD, checked character by character so the position is exact.
  static constexpr std::string_view kShape = "dddd-dd-dd";
  for (size_t i = 0; i < kShape.size(); ++i) {
    if (i >= v.size()) return At(name, i, "date ends early; expected YYYY-MM-DD");
    bool want_digit = kShape[i] == 'd';
    bool is_digit = v[i] >= '0' && v[i] <= '9';
    if (want_digit && !is_digit) return At(name, i, "expected a digit");
    if (!want_digit && v[i] != '-') return At(name, i, "expected '-'");
  }
  if (v.size() > kShape.size()) return At(name, kShape.size(), "unexpected text after the date");
  int y = std::stoi(v.substr(0, 4)), m = std::stoi(v.substr(5, 2)), d = std::stoi(v.substr(8, 2));
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (m < 1 || m > 12) return At(name, 5, "month must be 01..12");
  if (!ymd.ok()) return At(name, 8, "no such day in that month");
  int64_t epoch = duration_cast<seconds>(sys_days{ymd}.time_since_epoch()).count();
  return end_of_day ? epoch + 86399 : epoch;
}

Result<engine::SearchRequest> ParseSearchParams(const std::multimap<std::string, std::string>& params) {
  static const char* const kKnown[] = {"q", "outlet", "category", "from", "to", "sort",
                                       "limit", "offset", "histogram"};
  for (const auto& [k, v] : params) {
    bool known = false;
    for (const char* name : kKnown) known = known || k == name;
    if (!known) return Status::Invalid(k + ": unknown parameter");
  }
  engine::SearchRequest req;
  bool present = false;

  auto q = Single(params, "q", &present);
  if (!q.ok()) return q.status();
  RIWAYA_RETURN_IF_ERROR(CheckQuery(*q));
  req.query = *q;

  for (const char* name : {"outlet", "category"}) {
    auto v = Single(params, name, &present);
    if (!v.ok()) return v.status();
    size_t bad = utf8::FindInvalid(*v);
    if (bad != std::string_view::npos) return At(name, bad, "invalid UTF-8");
    if (v->size() > 200) return At(name, 200, "value too long");
    (std::string_view(name) == "outlet" ? req.outlet : req.category) = *v;
  }

  auto from = Single(params, "from", &present);
  if (!from.ok()) return from.status();
  if (present) {
    auto e = ParseDateParam("from", *from, false);
    if (!e.ok()) return e.status();
    req.from_epoch = *e;
  }
  auto to = Single(params, "to", &present);
  if (!to.ok()) return to.status();
  if (present) {
    auto e = ParseDateParam("to", *to, true);
    if (!e.ok()) return e.status();
    req.to_epoch = *e;
  }
  if (req.from_epoch && req.to_epoch && req.from_epoch > req.to_epoch)
    return Status::Invalid("to: position 0: ends before 'from' begins");

  auto sort = Single(params, "sort", &present);
  if (!sort.ok()) return sort.status();
  if (present) {
    if (*sort == "relevance") req.sort = engine::SearchRequest::Sort::kRelevance;
    else if (*sort == "date") req.sort = engine::SearchRequest::Sort::kDate;
    else return At("sort", 0, "expected 'relevance' or 'date'");
  }

  auto limit = Single(params, "limit", &present);
  if (!limit.ok()) return limit.status();
  if (present) {
    auto n = ParseInt("limit", *limit, 1, kMaxSearchLimit);
    if (!n.ok()) return n.status();
    req.limit = static_cast<int>(*n);
  }
  auto offset = Single(params, "offset", &present);
  if (!offset.ok()) return offset.status();
  if (present) {
    auto n = ParseInt("offset", *offset, 0, 100000);
    if (!n.ok()) return n.status();
    req.offset = static_cast<int>(*n);
  }

  auto hist = Single(params, "histogram", &present);
  if (!hist.ok()) return hist.status();
  if (present) {
    if (*hist != "day" && *hist != "week" && *hist != "month")
      return At("histogram", 0, "expected 'day', 'week' or 'month'");
    req.histogram = *hist;
  }
  return req;
}

}  // namespace riwaya::server
