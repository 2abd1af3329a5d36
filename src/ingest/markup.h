// Markup cleanup for archive fields (TREC and kin): stray HTML tags are
// dropped (block tags become line breaks) and character references
// (&amp; &#1575; &#x627; ...) are decoded. Unknown or malformed references
// are kept as written: the text is never invented.
#pragma once

#include <string>
#include <string_view>

namespace riwaya::ingest {

// Decodes the XML/HTML named references riwaya meets in news archives and all
// numeric references. Code points that are invalid (surrogates, > U+10FFFF,
// NUL) decode to U+FFFD.
std::string DecodeEntities(std::string_view s);

// Removes tags such as <p>, </div>, <br/>, <a href="...">, <!-- ... -->;
// <p>, <br>, <div> and </p> become "\n". A '<' that does not start a tag
// ("5 < 7", "<<") is kept.
std::string StripMarkup(std::string_view s);

// StripMarkup, then DecodeEntities: the order matters (&lt;b&gt; is text).
inline std::string CleanField(std::string_view s) { return DecodeEntities(StripMarkup(s)); }

}  // namespace riwaya::ingest
