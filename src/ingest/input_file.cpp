#include "ingest/input_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>

namespace riwaya::ingest {

Result<std::unique_ptr<InputFile>> InputFile::Open(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IoError(path + ": " + ec.message());
  errno = 0;
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) {
    return Status::IoError(path + ": cannot open: " +
                           (errno ? std::strerror(errno) : "out of memory"));
  }
  gzbuffer(gz, 256 * 1024);
  return std::unique_ptr<InputFile>(new InputFile(path, gz, size));
}

InputFile::InputFile(std::string path, void* gz, uint64_t size)
    : path_(std::move(path)), gz_(gz), raw_size_(size) {}

InputFile::~InputFile() { gzclose_r(static_cast<gzFile>(gz_)); }

bool InputFile::compressed() const { return gzdirect(static_cast<gzFile>(gz_)) == 0; }

uint64_t InputFile::raw_offset() const {
  const z_off_t off = gzoffset(static_cast<gzFile>(gz_));
  return off < 0 ? 0 : static_cast<uint64_t>(off);
}

size_t InputFile::Read(char* buf, size_t n) {
  if (!status_.ok() || n == 0) return 0;
  auto* gz = static_cast<gzFile>(gz_);
  const unsigned want =
      static_cast<unsigned>(std::min<size_t>(n, std::numeric_limits<int>::max() / 2));
  const int got = gzread(gz, buf, want);
  int err = Z_OK;
  const char* msg = gzerror(gz, &err);
  if (got > 0) {
    offset_ += static_cast<uint64_t>(got);
    return static_cast<size_t>(got);
  }
  // zlib reports a truncated stream as end of file plus Z_BUF_ERROR.
  if (err == Z_BUF_ERROR || err == Z_DATA_ERROR || got < 0) {
    const std::string where = "compressed byte " + std::to_string(raw_offset()) + " of " +
                              std::to_string(raw_size_) + " (after " + std::to_string(offset_) +
                              " bytes of content)";
    if (err == Z_BUF_ERROR) {
      status_ = Status::Corrupt("truncated gzip: input ends at " + where);
    } else if (err == Z_ERRNO) {
      status_ = Status::IoError(std::string("read error: ") + std::strerror(errno) + " at " + where);
    } else {
      status_ = Status::Corrupt(std::string("corrupt gzip (") + (msg ? msg : "?") + ") at " + where);
    }
  }
  return 0;
}

}  // namespace riwaya::ingest
