// Ingest entry points: walk a file or directory (recursively, in sorted
// order), read .gz transparently, sniff each input's format and hand it to
// the matching parser, which delivers Articles and Rejections to a Sink.
// Never throws. Only an unreadable top-level path is an error; bad files and
// records become Rejections and the rest proceeds.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "ingest/sink.h"
#include "ingest/sniff.h"

namespace riwaya::ingest {

struct WalkOptions {
  // When false, symbolic links inside a walked directory are skipped (the
  // top-level path itself is always followed).
  bool follow_symlinks = false;
};

// Whole-document formats (plain, HTML, feed, JSON array) above this size are rejected.
inline constexpr size_t kMaxDocumentBytes = 512u << 20;

Status IngestPath(const std::string& path, Sink& sink, const WalkOptions& options = {});

// Parses one in-memory document (gzip allowed) whose format is sniffed from
// its bytes and from source.path (or source.url).
void IngestBytes(std::string_view bytes, const Source& source, Sink& sink);

}  // namespace riwaya::ingest
