// InputFile: sequential reading of a file that may be gzip-compressed
// (detected from its bytes, not its name). Reads are chunked, so memory stays
// bounded whatever the size. A truncated or corrupt gzip stream ends the
// content early and leaves a status naming the compressed byte position.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"

namespace riwaya::ingest {

class InputFile {
 public:
  static Result<std::unique_ptr<InputFile>> Open(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Reads up to `n` bytes of content; returns 0 at the end or after an error.
  size_t Read(char* buf, size_t n);
  // Ok, or why the content ended early (kCorrupt: truncated/corrupt gzip; kIoError).
  const Status& status() const { return status_; }

  bool compressed() const;
  uint64_t raw_offset() const;  // bytes of the file consumed (compressed bytes for .gz)
  uint64_t raw_size() const { return raw_size_; }
  uint64_t offset() const { return offset_; }  // content bytes delivered
  const std::string& path() const { return path_; }

 private:
  InputFile(std::string path, void* gz, uint64_t size);
  std::string path_;
  void* gz_;  // gzFile, kept opaque so zlib.h stays out of this header
  uint64_t raw_size_;
  uint64_t offset_ = 0;
  Status status_;
};

}  // namespace riwaya::ingest
