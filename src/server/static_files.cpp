#include "server/static_files.h"

#include <filesystem>
#include <system_error>

namespace riwaya::server {

namespace fs = std::filesystem;

std::string ContentTypeFor(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".woff")) return "font/woff";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

Result<StaticFile> ResolveStatic(const std::string& root, std::string_view url_path) {
  if (url_path.empty() || url_path[0] != '/') return Status::Invalid("path must start with '/'");
  std::string rel(url_path.substr(1));
  if (rel.empty()) rel = "index.html";
  // Reject by segment before touching the file system: '..' anywhere, hidden
  // files, backslashes and NUL are never part of a built asset path.
  if (rel.find('\0') != std::string::npos || rel.find('\\') != std::string::npos)
    return Status::Invalid("forbidden character in path");
  size_t start = 0;
  while (start <= rel.size()) {
    size_t end = rel.find('/', start);
    if (end == std::string::npos) end = rel.size();
    std::string_view seg(rel.data() + start, end - start);
    if (seg == ".." || seg == "." || (!seg.empty() && seg[0] == '.'))
      return Status::Invalid("forbidden path segment");
    if (seg.empty() && end != rel.size()) return Status::Invalid("empty path segment");
    start = end + 1;
  }
  std::error_code ec;
  fs::path base = fs::weakly_canonical(fs::path(root), ec);
  if (ec) return Status::NotFound("web root unavailable: " + root);
  fs::path full = fs::weakly_canonical(base / rel, ec);
  if (ec) return Status::NotFound("no such file");
  // Symlinks could still point outside: compare canonical prefixes.
  auto b = base.native(), f = full.native();
  if (f.size() <= b.size() || f.compare(0, b.size(), b) != 0 || f[b.size()] != '/')
    return Status::Invalid("path leaves the web root");
  if (fs::is_directory(full, ec)) full /= "index.html";
  if (!fs::is_regular_file(full, ec)) return Status::NotFound("no such file: " + std::string(url_path));
  StaticFile out;
  out.path = full.string();
  out.content_type = ContentTypeFor(out.path);
  out.immutable = rel.rfind("assets/", 0) == 0;
  return out;
}

}  // namespace riwaya::server
