// JSON-LD in news pages: the article object (NewsArticle, ReportageNews,
// BlogPosting..., also inside @graph arrays) and the BreadcrumbList. Broken
// or absurd blocks (bad JSON, nesting deeper than 64, over 2 MB) are skipped;
// nothing here throws.
#pragma once

#include <string>
#include <vector>

namespace riwaya::ingest::html {

struct LdFacts {
  std::string headline, date_published, author, publisher, section, url;
  std::vector<std::string> breadcrumb;  // names in position order
};

// Reads every <script type="application/ld+json"> text of a page; the first
// block that knows a field wins, later ones fill the gaps.
LdFacts ParseJsonLd(const std::vector<std::string>& scripts);

}  // namespace riwaya::ingest::html
