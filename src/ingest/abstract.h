// Abstracts: whether a summary (feed description, meta description) only
// repeats the start of the article body. Such a summary is not kept as the
// abstract: the body stays whole (it is indexed, shown and fingerprinted
// against other copies of the article), and snippets never show a sentence twice.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riwaya::ingest {

// True when `abstract`, after markup-free text is folded (diacritics, hamza
// forms, punctuation and spacing), equals the first paragraph or the first
// few joined; or, when it ends with "..." or "…" (cut short), is a prefix of
// them. A shorter sentence that merely starts like the lead is a summary: false.
bool RepeatsLead(std::string_view abstract, const std::vector<std::string>& paragraphs);

}  // namespace riwaya::ingest
