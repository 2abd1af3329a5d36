#include "corpus.h"

#include <zlib.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

namespace riwaya::bench {
namespace {

// Text between <tag> and </tag> inside [begin, end), trimmed; empty if absent.
std::string Field(std::string_view rec, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  size_t b = rec.find(open);
  if (b == std::string_view::npos) return {};
  b += open.size();
  size_t e = rec.find(close, b);
  if (e == std::string_view::npos) e = rec.size();
  while (b < e && std::isspace(static_cast<unsigned char>(rec[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(rec[e - 1]))) --e;
  return std::string(rec.substr(b, e - b));
}

// "Sun, 18 Feb 2018 21:35:43 +0400" -> epoch seconds; 0 when unreadable.
int64_t ParseRfc822(const std::string& s) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char mon[4] = {0};
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0, zone = 0;
  size_t comma = s.find(',');
  const char* p = s.c_str() + (comma == std::string::npos ? 0 : comma + 1);
  if (std::sscanf(p, " %d %3s %d %d:%d:%d %d", &day, mon, &year, &hh, &mm, &ss, &zone) < 6) return 0;
  int m = -1;
  for (int i = 0; i < 12; ++i)
    if (std::strcmp(mon, kMonths[i]) == 0) m = i;
  if (m < 0) return 0;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = m;
  tm.tm_mday = day;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = ss;
  int64_t t = timegm(&tm);
  int sign = zone < 0 ? -1 : 1;
  zone *= sign;
  return t - sign * ((zone / 100) * 3600 + (zone % 100) * 60);
}

// "2015-07-21 02:51:32" -> epoch seconds; 0 when unreadable.
int64_t ParseIsoish(const std::string& s) {
  std::tm tm{};
  if (std::sscanf(s.c_str(), "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec) < 3)
    return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

}  // namespace

Result<std::string> ReadMaybeGz(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  gzbuffer(f, 1 << 20);
  std::string out;
  std::vector<char> buf(1 << 20);
  for (;;) {
    int n = gzread(f, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) {
      int code = 0;
      std::string m = gzerror(f, &code);
      gzclose(f);
      return Status::Corrupt(path + ": byte " + std::to_string(out.size()) + ": " + m);
    }
    if (n == 0) break;
    out.append(buf.data(), static_cast<size_t>(n));
  }
  gzclose(f);
  return out;
}

Status LoadTrec(const std::string& path, Corpus& corpus) {
  auto data = ReadMaybeGz(path);
  if (!data.ok()) return data.status();
  std::string_view s = *data;
  corpus.input_bytes += s.size();
  size_t pos = 0;
  for (;;) {
    size_t b = s.find("<DOC>", pos);
    if (b == std::string_view::npos) break;
    size_t e = s.find("</DOC>", b);
    if (e == std::string_view::npos) {
      ++corpus.skipped;  // truncated last record
      break;
    }
    std::string_view rec = s.substr(b, e - b);
    BenchDoc d;
    d.id = Field(rec, "DOCNO");
    d.title = Field(rec, "TITLE");
    d.abstract = Field(rec, "ABSTRACT");
    d.text = Field(rec, "TEXT");
    d.date = ParseRfc822(Field(rec, "TIME"));
    if (d.id.empty() && d.title.empty() && d.text.empty()) {
      ++corpus.skipped;
    } else {
      corpus.docs.push_back(std::move(d));
    }
    pos = e + 6;
  }
  return Status::Ok();
}

Status LoadJsonl(const std::string& path, Corpus& corpus) {
  auto data = ReadMaybeGz(path);
  if (!data.ok()) return data.status();
  std::string_view s = *data;
  corpus.input_bytes += s.size();
  size_t pos = 0;
  while (pos < s.size()) {
    size_t e = s.find('\n', pos);
    if (e == std::string_view::npos) e = s.size();
    std::string_view line = s.substr(pos, e - pos);
    pos = e + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) {
      ++corpus.skipped;
      continue;
    }
    auto str = [&](const char* k) {
      auto it = j.find(k);
      return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    BenchDoc d;
    d.id = str("url");
    d.title = str("title");
    d.text = str("content");
    d.date = ParseIsoish(str("date_extracted"));  // crawl time: only a column value here
    corpus.docs.push_back(std::move(d));
  }
  return Status::Ok();
}

void Repeat(Corpus& corpus, int times) {
  if (times <= 1) return;
  const size_t n = corpus.docs.size();
  const uint64_t bytes = corpus.input_bytes;
  corpus.docs.reserve(n * static_cast<size_t>(times));
  for (int r = 1; r < times; ++r) {
    for (size_t i = 0; i < n; ++i) {
      BenchDoc d = corpus.docs[i];
      d.id += "#r" + std::to_string(r);
      // Shift dates by whole weeks per copy so that date columns are not constant.
      if (d.date != 0) d.date += static_cast<int64_t>(r) * 7 * 86400;
      corpus.docs.push_back(std::move(d));
    }
    corpus.input_bytes += bytes;
  }
}

}  // namespace riwaya::bench
