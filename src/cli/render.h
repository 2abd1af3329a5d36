// Render: the human-readable text form of articles and statistics that the
// commands print. Pure functions returning strings.
#pragma once

#include <string>

#include "engine/engine.h"
#include "model/article.h"

namespace riwaya::cli {

// "2024-06-26 (date only) — text-label: «تاريخ النشر: ...»" or "unknown".
std::string RenderDate(const model::PublishedDate& d);
// Title, identity, outlet/credit/author/category, date provenance, body, links.
std::string RenderArticle(const model::Article& a);
// One line: "#12 4f1c… العربية 2018-02-13 عنوان".
std::string RenderSummary(const model::Article& a);

}  // namespace riwaya::cli
