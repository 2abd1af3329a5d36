#include "ingest/trec.h"

#include <optional>
#include <utility>

#include "base/utf8.h"
#include "ingest/content_key.h"
#include "ingest/markup.h"
#include "ingest/paragraphs.h"
#include "model/article.h"
#include "text/dates.h"

namespace riwaya::ingest {
namespace {

constexpr std::string_view kOpen = "<DOC>";
constexpr std::string_view kClose = "</DOC>";

struct Field {
  bool present = false;
  bool unterminated = false;
  std::string_view raw;
};

Field FindField(std::string_view rec, std::string_view tag) {
  Field f;
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  size_t b = rec.find(open);
  if (b == std::string_view::npos) return f;
  f.present = true;
  b += open.size();
  size_t e = rec.find(close, b);
  if (e == std::string_view::npos) {
    f.unterminated = true;
    return f;
  }
  f.raw = rec.substr(b, e - b);
  return f;
}

// A one-line field: markup removed, entities decoded, blanks collapsed.
std::string Line(const Field& f) { return CollapseBlanks(CleanField(f.raw)); }

}  // namespace

TrecParser::TrecParser(const Source& source, Sink& sink, size_t max_record_bytes)
    : source_(source), sink_(sink), max_record_bytes_(max_record_bytes) {}

std::string TrecParser::Position() const {
  return "record " + std::to_string(records_) + " (line " + std::to_string(start_line_) + ")";
}

void TrecParser::RejectCurrent(const std::string& reason) {
  sink_.Reject({source_.path.empty() ? source_.url : source_.path, Position(), reason});
}

void TrecParser::Begin(int64_t line_no, uint64_t offset) {
  in_doc_ = true;
  oversized_ = false;
  buf_.clear();
  ++records_;
  start_line_ = line_no;
  start_offset_ = offset;
}

void TrecParser::Append(std::string_view s) {
  if (oversized_) return;
  if (buf_.size() + s.size() > max_record_bytes_) {
    oversized_ = true;
    buf_.clear();
    buf_.shrink_to_fit();
    return;
  }
  buf_.append(s);
}

void TrecParser::AddLine(std::string_view line, int64_t line_no, uint64_t offset) {
  size_t pos = 0;
  while (pos <= line.size()) {
    if (!in_doc_) {
      size_t b = line.find(kOpen, pos);
      if (b == std::string_view::npos) return;  // text between records is ignored
      Begin(line_no, offset + b);
      pos = b + kOpen.size();
      continue;
    }
    const size_t close = line.find(kClose, pos);
    const size_t reopen = line.find(kOpen, pos);
    if (reopen != std::string_view::npos && (close == std::string_view::npos || reopen < close)) {
      // A new record starts before this one closed.
      Append(line.substr(pos, reopen - pos));
      RejectCurrent("unterminated <DOC> (no </DOC> before the next <DOC>)");
      in_doc_ = false;
      pos = reopen;
      continue;
    }
    if (close != std::string_view::npos) {
      Append(line.substr(pos, close - pos));
      Emit();
      in_doc_ = false;
      pos = close + kClose.size();
      continue;
    }
    Append(line.substr(pos));
    Append("\n");
    return;
  }
}

void TrecParser::Finish() {
  if (in_doc_) {
    RejectCurrent("unterminated <DOC> at end of input");
    in_doc_ = false;
  }
  buf_.clear();
}

void TrecParser::Emit() {
  if (oversized_) {
    RejectCurrent("record larger than " + std::to_string(max_record_bytes_) + " bytes");
    return;
  }
  const std::string_view rec = buf_;
  if (size_t bad = utf8::FindInvalid(rec); bad != std::string_view::npos) {
    RejectCurrent("invalid UTF-8 at byte " + std::to_string(start_offset_ + kOpen.size() + bad));
    return;
  }
  if (size_t nul = rec.find('\0'); nul != std::string_view::npos) {
    RejectCurrent("NUL byte at byte " + std::to_string(start_offset_ + kOpen.size() + nul));
    return;
  }
  static constexpr std::string_view kTags[] = {"DOCNO", "URL",    "SRC",      "CAT", "TITLE",
                                               "TIME",  "AUTHOR", "ABSTRACT", "TEXT"};
  Field f[std::size(kTags)];
  for (size_t i = 0; i < std::size(kTags); ++i) {
    f[i] = FindField(rec, kTags[i]);
    if (f[i].unterminated) {
      RejectCurrent("unterminated <" + std::string(kTags[i]) + ">");
      return;
    }
  }
  const Field &docno = f[0], &url = f[1], &src = f[2], &cat = f[3], &title = f[4], &time = f[5],
              &author = f[6], &abstract = f[7], &body = f[8];
  model::Article a;
  const std::string id = Line(docno);
  if (id.empty()) {
    RejectCurrent("missing <DOCNO>");
    return;
  }
  a.key = "trec:" + id;
  a.id = model::IdForKey(a.key);
  a.url = Line(url);
  a.outlet = Line(src);
  a.category = Line(cat);
  a.title = Line(title);
  a.author = Line(author);
  a.abstract = Line(abstract);
  a.paragraphs = SplitParagraphs(CleanField(body.raw));
  if (a.title.empty() && a.paragraphs.empty()) {
    RejectCurrent("record " + id + " has neither <TITLE> nor <TEXT>");
    return;
  }
  if (time.present) {
    std::string t = Line(time);
    if (!t.empty()) {
      if (auto m = text::ParseDate(t)) {
        a.published.known = true;
        a.published.date_only = m->date_only;
        a.published.epoch_seconds = m->epoch_seconds;
        a.published.source = model::DateSource::kArchiveField;
        a.published.original = std::move(t);
      }
    }
  }
  a.origin.kind = "archive";
  a.origin.path = source_.path.empty() ? source_.url : source_.path;
  a.origin.record = records_ - 1;
  a.origin.line = start_line_;
  a.origin.byte_offset = static_cast<int64_t>(start_offset_);
  sink_.Article(std::move(a));
}

void ParseTrec(std::string_view text, const Source& source, Sink& sink) {
  TrecParser parser(source, sink);
  int64_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    parser.AddLine(text.substr(start, nl - start), ++line_no, start);
    start = nl + 1;
  }
  parser.Finish();
}

}  // namespace riwaya::ingest
