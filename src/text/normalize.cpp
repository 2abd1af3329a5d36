#include "text/normalize.h"

namespace riwaya::text {

void AppendNormalized(std::string_view text, const NormalizeOptions& options, std::string& out) {
  const CharTable& table = CharTable::Get(options);
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
  char scratch[CharTable::kScratchBytes];
  while (i < n) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x80 && !(c >= 'A' && c <= 'Z')) {  // ASCII other than capitals is kept as is
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const Decoded d = table.Decode(p + i, n - i, scratch);
    if (d.invalid) {
      out += "\xEF\xBF\xBD";
    } else if (d.cls == CharClass::kSeparator) {
      out.append(p + i, d.in_len);
    } else {
      out.append(d.data(), d.out_len);
    }
    i += d.in_len;
  }
}

std::string NormalizeForMatch(std::string_view text, const NormalizeOptions& options) {
  std::string out;
  out.reserve(text.size());
  AppendNormalized(text, options, out);
  return out;
}

std::string NormalizeForMatch(std::string_view text) {
  return NormalizeForMatch(text, NormalizeOptions{});
}

}  // namespace riwaya::text
