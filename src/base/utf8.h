// UTF-8 helpers: validation with the byte position of the first error, and
// code point decoding. Pure functions, no allocation unless stated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace riwaya::utf8 {

// Returns npos if `s` is valid UTF-8, else the byte offset of the first bad sequence.
size_t FindInvalid(std::string_view s);
inline bool IsValid(std::string_view s) { return FindInvalid(s) == std::string_view::npos; }

// Decodes one code point at s[i]; advances i. Invalid bytes decode as U+FFFD
// and advance by one byte.
char32_t Next(std::string_view s, size_t& i);

void Append(std::string& out, char32_t cp);

// Replaces every invalid sequence with U+FFFD.
std::string Sanitize(std::string_view s);

// Returns line (1-based) and column (1-based, in code points) of byte offset `pos`.
struct LineCol { size_t line; size_t column; };
LineCol Locate(std::string_view s, size_t pos);

}  // namespace riwaya::utf8
