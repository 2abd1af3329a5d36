#include "ingest/html_charset.h"

#include <unicode/ucnv.h>

#include <cctype>

#include "base/utf8.h"

namespace riwaya::ingest::html {

std::string DeclaredCharset(std::string_view bytes) {
  std::string head(bytes.substr(0, 4096));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view key : {std::string_view("charset="), std::string_view("encoding=")}) {
    size_t p = head.find(key);
    while (p != std::string::npos) {
      size_t i = p + key.size();
      while (i < head.size() && (head[i] == '"' || head[i] == '\'' || head[i] == ' ')) ++i;
      size_t start = i;
      while (i < head.size() && (std::isalnum(static_cast<unsigned char>(head[i])) || head[i] == '-' || head[i] == '_' ||
                                 head[i] == '.' || head[i] == ':')) {
        ++i;
      }
      if (i > start) return head.substr(start, i - start);
      p = head.find(key, p + 1);
    }
  }
  return {};
}

std::optional<std::string> ToUtf8(std::string_view bytes, const std::string& charset) {
  if (bytes.size() > (64u << 20)) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  // Windows-1256 text can grow up to 3x in UTF-8 (every byte a 2-3 byte letter).
  std::string out(bytes.size() * 3 + 16, '\0');
  int32_t n = ucnv_convert("UTF-8", charset.c_str(), out.data(), static_cast<int32_t>(out.size()), bytes.data(),
                           static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status) || n < 0) return std::nullopt;
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string DecodeDocument(std::string_view bytes) {
  if (utf8::IsValid(bytes)) return std::string(bytes);
  std::string cs = DeclaredCharset(bytes);
  if (cs.empty() || cs == "utf-8" || cs == "utf8") return std::string(bytes);
  if (auto converted = ToUtf8(bytes, cs)) return *std::move(converted);
  return std::string(bytes);
}

}  // namespace riwaya::ingest::html
