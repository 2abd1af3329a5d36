// Fingerprint: the content identity of an article body. Two bodies get the
// same fingerprint when they differ only in Arabic orthographic variants
// (text::NormalizeForMatch), whitespace, punctuation or paragraph breaks, so a
// re-formatted wire copy is recognised as the same text. Empty bodies (nothing
// but blanks and punctuation) have no fingerprint and are never copies.
#pragma once

#include <string>
#include <string_view>

#include "model/article.h"

namespace riwaya::news {

// The folded text that is hashed: normalised words joined by single spaces.
// Exposed for tests and diagnostics.
std::string FoldForFingerprint(std::string_view body);

// 32 lowercase hex digits (XXH3-128 of FoldForFingerprint), or "" when the
// folded body is empty.
std::string BodyFingerprint(std::string_view body);

// BodyFingerprint over article.Body() (paragraphs only: title and credit
// lines differ between outlets carrying the same wire text).
std::string ArticleFingerprint(const model::Article& article);

}  // namespace riwaya::news
