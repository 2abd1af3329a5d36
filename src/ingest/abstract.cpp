#include "ingest/abstract.h"

#include "ingest/fold.h"

namespace riwaya::ingest {

bool RepeatsLead(std::string_view abstract, const std::vector<std::string>& paragraphs) {
  const std::string fa = FoldWords(abstract);
  if (fa.empty()) return false;
  std::string_view t = abstract;
  while (!t.empty() && (t.back() == ' ' || t.back() == ']' || t.back() == ')')) t.remove_suffix(1);
  const bool cut = t.ends_with("...") || t.ends_with("\xE2\x80\xA6");
  // Never fold a whole 50 MB paragraph: folding never grows text, and the
  // margin covers marks that fold to nothing.
  const size_t limit = 2 * abstract.size() + 64;
  std::string lead;
  for (const std::string& p : paragraphs) {
    const FoldedText fp = FoldWithOffsets(p, FoldMode::kWords, limit);
    if (fp.text.empty()) continue;
    if (!lead.empty()) lead += ' ';
    lead += fp.text;
    const bool whole = fp.consumed >= p.size();
    if (whole && lead == fa) return true;
    if (lead.size() >= fa.size() || !whole) return cut && lead.compare(0, fa.size(), fa) == 0;
  }
  return false;
}

}  // namespace riwaya::ingest
