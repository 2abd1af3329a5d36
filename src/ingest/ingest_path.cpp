#include "ingest/ingest_path.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <functional>
#include <set>
#include <utility>
#include <vector>

#include "ingest/feed.h"
#include "ingest/html_page.h"
#include "ingest/input_file.h"
#include "ingest/jsonl.h"
#include "ingest/plain_page.h"
#include "ingest/trec.h"

namespace riwaya::ingest {
namespace {

namespace fs = std::filesystem;

constexpr size_t kChunk = 256 * 1024;
constexpr size_t kHeadBytes = 64 * 1024;
constexpr uint64_t kProgressStep = 1u << 20;
// A single line longer than this is skipped (and rejected) to bound memory.
constexpr size_t kMaxLineBytes = 256u << 20;

// Reports progress at most every kProgressStep bytes of the raw file.
class ProgressTicker {
 public:
  ProgressTicker(InputFile& in, Sink& sink) : in_(in), sink_(sink) {}
  void Tick() {
    const uint64_t at = in_.raw_offset();
    if (at >= last_ + kProgressStep) {
      last_ = at;
      sink_.Progress(at, in_.raw_size());
    }
  }
  void Done() { sink_.Progress(in_.raw_size(), in_.raw_size()); }

 private:
  InputFile& in_;
  Sink& sink_;
  uint64_t last_ = 0;
};

// Feeds every line (without '\n') of `head` + the rest of `in` to `on_line`.
void StreamLines(InputFile& in, std::string head, ProgressTicker& ticker, Sink& sink,
                 const std::function<void(std::string_view, int64_t, uint64_t)>& on_line) {
  std::string carry = std::move(head);
  std::vector<char> chunk(kChunk);
  int64_t line_no = 0;
  uint64_t carry_offset = 0;  // content offset of carry[0]
  bool skipping = false;      // inside an over-long line
  bool eof = false;
  size_t scanned = 0;  // carry[0, scanned) holds no '\n': a long line is scanned once
  while (true) {
    size_t start = 0;
    while (true) {
      size_t nl = carry.find('\n', std::max(start, scanned));
      if (nl == std::string::npos) break;
      ++line_no;
      if (!skipping) {
        on_line(std::string_view(carry).substr(start, nl - start), line_no, carry_offset + start);
      }
      skipping = false;
      start = nl + 1;
    }
    carry.erase(0, start);
    carry_offset += start;
    scanned = carry.size();
    if (carry.size() > kMaxLineBytes && !skipping) {
      sink.Reject({in.path(), "line " + std::to_string(line_no + 1),
                   "line longer than " + std::to_string(kMaxLineBytes >> 20) + " MB; skipped"});
      skipping = true;
    }
    if (skipping) {
      carry_offset += carry.size();
      carry.clear();
      scanned = 0;
    }
    if (eof) break;
    size_t got = in.Read(chunk.data(), chunk.size());
    ticker.Tick();
    if (got == 0) {
      eof = true;
      if (!carry.empty()) carry += '\n';  // last line without newline
      continue;
    }
    carry.append(chunk.data(), got);
  }
}

// Reads the whole content, up to kMaxDocumentBytes.
bool ReadAll(InputFile& in, std::string& out, ProgressTicker& ticker, Sink& sink) {
  std::vector<char> chunk(kChunk);
  while (true) {
    size_t got = in.Read(chunk.data(), chunk.size());
    ticker.Tick();
    if (got == 0) return true;
    if (out.size() + got > kMaxDocumentBytes) {
      sink.Reject({in.path(), "byte " + std::to_string(out.size()),
                   "document larger than " + std::to_string(kMaxDocumentBytes >> 20) +
                       " MB; rejected"});
      return false;
    }
    out.append(chunk.data(), got);
  }
}

// Parses a document that is wholly in memory.
void Dispatch(Format format, std::string_view bytes, const Source& source, Sink& sink) {
  const std::string& input = source.path.empty() ? source.url : source.path;
  switch (format) {
    case Format::kPlainPage: ParsePlainPage(bytes, source, sink); return;
    case Format::kTrec: ParseTrec(bytes, source, sink); return;
    case Format::kJsonLines: ParseJsonLines(bytes, source, sink); return;
    case Format::kHtml: ParseHtmlPage(bytes, source, sink); return;
    case Format::kFeed: ParseFeed(bytes, source, sink); return;
    case Format::kUnknown: break;
  }
  sink.Reject({input, "byte 0", "unknown format"});
}

void IngestFile(const std::string& path, Sink& sink) {
  auto opened = InputFile::Open(path);
  if (!opened.ok()) {
    sink.Reject({path, "file", opened.status().message()});
    return;
  }
  InputFile& in = **opened;
  ProgressTicker ticker(in, sink);
  Source source;
  source.path = path;
  source.kind = "file";

  std::string head;
  {
    std::vector<char> chunk(kHeadBytes);
    while (head.size() < kHeadBytes) {
      size_t got = in.Read(chunk.data(), kHeadBytes - head.size());
      if (got == 0) break;
      head.append(chunk.data(), got);
    }
  }
  const auto report_stream_error = [&] {
    if (!in.status().ok()) sink.Reject({path, "byte " + std::to_string(in.raw_offset()), in.status().message()});
  };
  if (head.empty()) {
    if (!in.status().ok()) report_stream_error();
    else sink.Reject({path, "byte 0", "empty file"});
    ticker.Done();
    return;
  }
  if (LooksBinary(head)) {
    sink.Reject({path, "byte 0", "binary file (NUL bytes or mostly invalid UTF-8); skipped"});
    ticker.Done();
    return;
  }
  const Format format = Sniff(head, path);
  if (format == Format::kTrec) {
    TrecParser parser(source, sink);
    StreamLines(in, std::move(head), ticker, sink,
                [&](std::string_view l, int64_t n, uint64_t off) { parser.AddLine(l, n, off); });
    parser.Finish();
    if (parser.records() == 0) sink.Reject({path, "byte 0", "no <DOC> record found"});
  } else if (format == Format::kJsonLines && !IsWholeJsonDocument(head)) {
    JsonLinesParser parser(source, sink);
    StreamLines(in, std::move(head), ticker, sink,
                [&](std::string_view l, int64_t n, uint64_t off) { parser.AddLine(l, n, off); });
    if (parser.records() == 0) sink.Reject({path, "byte 0", "no JSON record found"});
  } else if (format == Format::kUnknown) {
    sink.Reject({path, "byte 0", "unknown format"});
  } else {
    std::string doc = std::move(head);
    if (ReadAll(in, doc, ticker, sink)) {
      // A truncated page is still a page: parse what arrived, then say so.
      Dispatch(format, doc, source, sink);
    }
  }
  report_stream_error();
  ticker.Done();
}

bool IsHidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// Depth-first, entries sorted by name; directory identities guard against loops.
void Walk(const fs::path& dir, Sink& sink, const WalkOptions& options,
          std::set<std::pair<dev_t, ino_t>>& seen) {
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0 && !seen.insert({st.st_dev, st.st_ino}).second) {
    sink.Reject({dir.string(), "directory", "already visited (symlink loop); skipped"});
    return;
  }
  std::error_code ec;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(it->path());
  }
  if (ec) sink.Reject({dir.string(), "directory", "cannot list: " + ec.message()});
  std::sort(entries.begin(), entries.end());
  for (const fs::path& p : entries) {
    if (IsHidden(p)) continue;
    std::error_code sec;
    const fs::file_status link = fs::symlink_status(p, sec);
    if (sec) {
      sink.Reject({p.string(), "file", sec.message()});
      continue;
    }
    if (fs::is_symlink(link) && !options.follow_symlinks) continue;
    const fs::file_status target = fs::status(p, sec);
    if (sec) {
      sink.Reject({p.string(), "file", "broken link or unreadable: " + sec.message()});
      continue;
    }
    if (fs::is_directory(target)) {
      Walk(p, sink, options, seen);
    } else if (fs::is_regular_file(target)) {
      IngestFile(p.string(), sink);
    } else {
      sink.Reject({p.string(), "file", "not a regular file; skipped"});
    }
  }
}

// Inflates a gzip buffer; on damage keeps what was inflated and sets `error`.
std::string Gunzip(std::string_view bytes, std::string* error) {
  std::string out;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    *error = "cannot initialise zlib";
    return out;
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(bytes.size(), 0x7fffffff));
  std::vector<char> chunk(kChunk);
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - zs.avail_out);
    if (out.size() > kMaxDocumentBytes) {
      *error = "decompressed document larger than " + std::to_string(kMaxDocumentBytes >> 20) + " MB";
      break;
    }
    if (rc == Z_STREAM_END) {
      // Concatenated members: continue with the next one.
      if (zs.avail_in == 0) break;
      inflateReset(&zs);
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      *error = "truncated gzip: input ends at compressed byte " + std::to_string(zs.total_in);
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      *error = "corrupt gzip at compressed byte " + std::to_string(zs.total_in) +
               (zs.msg ? std::string(" (") + zs.msg + ")" : std::string());
      break;
    }
  }
  inflateEnd(&zs);
  return out;
}

void IngestBytesImpl(std::string_view bytes, const Source& source, Sink& sink) {
  const std::string& input = source.path.empty() ? source.url : source.path;
  std::string inflated;
  std::string gz_error;
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
      static_cast<unsigned char>(bytes[1]) == 0x8b) {
    inflated = Gunzip(bytes, &gz_error);
    bytes = inflated;
  }
  if (bytes.empty()) {
    sink.Reject({input, "byte 0", gz_error.empty() ? "empty input" : gz_error});
    return;
  }
  const std::string_view head = bytes.substr(0, kHeadBytes);
  if (LooksBinary(head)) {
    sink.Reject({input, "byte 0", "binary data (NUL bytes or mostly invalid UTF-8); skipped"});
    return;
  }
  Dispatch(Sniff(head, input), bytes, source, sink);
  if (!gz_error.empty()) sink.Reject({input, "gzip", gz_error});
}

}  // namespace

Status IngestPath(const std::string& path, Sink& sink, const WalkOptions& options) {
  try {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      return Status::NotFound(path + ": " + (ec ? ec.message() : "no such file or directory"));
    }
    if (fs::is_directory(st)) {
      std::set<std::pair<dev_t, ino_t>> seen;
      std::error_code lec;
      fs::directory_iterator probe(path, lec);
      if (lec) return Status::IoError(path + ": cannot list directory: " + lec.message());
      Walk(path, sink, options, seen);
      return Status::Ok();
    }
    if (!fs::is_regular_file(st)) return Status::Invalid(path + ": not a regular file or directory");
    {
      // An unreadable top-level file is the caller's error, not a rejection.
      auto probe = InputFile::Open(path);
      if (!probe.ok()) return probe.status();
    }
    IngestFile(path, sink);
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::Internal(path + ": " + e.what());
  } catch (...) {
    return Status::Internal(path + ": unknown error");
  }
}

void IngestBytes(std::string_view bytes, const Source& source, Sink& sink) {
  try {
    IngestBytesImpl(bytes, source, sink);
  } catch (const std::exception& e) {
    sink.Reject({source.path.empty() ? source.url : source.path, "document",
                 std::string("internal error: ") + e.what()});
  } catch (...) {
    sink.Reject({source.path.empty() ? source.url : source.path, "document", "internal error"});
  }
}

}  // namespace riwaya::ingest
