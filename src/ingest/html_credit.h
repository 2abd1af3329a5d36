// Credit lines and read-also labels in article text, shared by HTML pages
// and feeds. A credit line names the origin of an article ("المصدر: الحرة",
// "(أ ف ب)", "وكالات"); it is moved out of the body into Article.credit. A
// read-also label ("اقرأ أيضاً", "مواضيع ذات صلة", "Lire aussi") opens a list
// of links that belong in Article.links, never in the body.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riwaya::ingest::html {

// If `paragraph` is a standalone credit line, returns the credit it names.
std::string CreditOfLine(std::string_view paragraph);

// Removes standalone credit lines from the start and end of `paragraphs`
// and strips a trailing "(agency)" from the last paragraph. Returns the
// credits found joined by "، " (empty when none).
std::string TakeCredits(std::vector<std::string>& paragraphs);

// A credit in a dateline at the start of the lead: "بيروت (رويترز) -".
std::string DatelineCredit(std::string_view first_paragraph);

// If `text` starts with a read-also label, returns the byte length of the
// label (with any following colon/dash and spaces); else 0.
size_t ReadAlsoLabelLength(std::string_view text);

}  // namespace riwaya::ingest::html
