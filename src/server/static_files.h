// StaticFiles: maps a request path to a file under the web root, refusing
// anything that could leave it (.., encoded dots, backslashes, NUL, symlinks
// pointing outside). Pure path logic plus one stat; no caching.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace riwaya::server {

struct StaticFile {
  std::string path;          // absolute file path inside the root
  std::string content_type;
  bool immutable = false;    // hashed Vite asset: cache for a year
};

// `url_path` is the decoded request path ("/assets/x.js"). "/" maps to
// index.html. Returns kInvalid for traversal attempts (HTTP 403) and
// kNotFound for missing files (HTTP 404).
Result<StaticFile> ResolveStatic(const std::string& root, std::string_view url_path);

std::string ContentTypeFor(std::string_view path);

}  // namespace riwaya::server
