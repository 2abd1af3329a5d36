// TREC <DOC> archives (ANT corpus and kin): one Article per <DOC> record with
// DOCNO (key "trec:"+DOCNO), URL, SRC (outlet), CAT, TITLE, TIME (RFC 822,
// date source kArchiveField), AUTHOR, ABSTRACT and TEXT. The parser is fed
// line by line, so archives stream in bounded memory; a malformed or
// unterminated record is rejected as "record N (line L)" and the rest goes on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/sink.h"

namespace riwaya::ingest {

class TrecParser {
 public:
  // A record larger than this is rejected (protects memory on a missing </DOC>).
  static constexpr size_t kMaxRecordBytes = 64u << 20;

  TrecParser(const Source& source, Sink& sink, size_t max_record_bytes = kMaxRecordBytes);
  TrecParser(const TrecParser&) = delete;
  TrecParser& operator=(const TrecParser&) = delete;

  // One line without its '\n'; `line_no` is 1-based, `offset` is the byte
  // offset of the line's first byte in the (decompressed) input.
  void AddLine(std::string_view line, int64_t line_no, uint64_t offset);
  // Rejects a final record that never saw </DOC>.
  void Finish();

  int64_t records() const { return records_; }  // <DOC> records seen (good or bad)

 private:
  void Begin(int64_t line_no, uint64_t offset);
  void Append(std::string_view s);
  void Emit();
  void RejectCurrent(const std::string& reason);
  std::string Position() const;

  const Source& source_;
  Sink& sink_;
  bool in_doc_ = false;
  size_t max_record_bytes_;
  bool oversized_ = false;
  std::string buf_;
  int64_t records_ = 0;
  int64_t start_line_ = 0;
  uint64_t start_offset_ = 0;
};

// Convenience for an archive held in memory.
void ParseTrec(std::string_view text, const Source& source, Sink& sink);

}  // namespace riwaya::ingest
