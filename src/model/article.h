// Article: one news article as riwaya understands it. This is the shared
// vocabulary between ingest (which produces Articles), news (which enriches
// them), store (which keeps them) and everything downstream.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace riwaya::model {

// Where a publication date was found. Order is not a ranking.
enum class DateSource {
  kUnknown,      // no date: never invented
  kTextLabel,    // a labelled line in text: "تاريخ النشر: ..."
  kArchiveField, // a structured archive field (TREC <TIME>, JSON "date")
  kJsonLd,       // JSON-LD datePublished
  kMetaTag,      // <meta property="article:published_time"> and kin
  kTimeElement,  // <time datetime="...">
  kUrl,          // /2024/06/26/ in the URL
  kFeed,         // RSS pubDate / Atom published|updated
};
const char* DateSourceName(DateSource s);

// A publication instant or day. Unknown unless `known`.
struct PublishedDate {
  bool known = false;
  bool date_only = false;    // only the day is known; epoch is 00:00 UTC that day
  int64_t epoch_seconds = 0; // UTC
  std::string original;      // the string as written on the page
  DateSource source = DateSource::kUnknown;
};

// Where the article came from, precisely enough to find it again.
struct Origin {
  std::string kind;     // "file", "archive", "feed", "http"
  std::string path;     // file path or URL
  int64_t record = 0;   // 0-based record index within the input (article index for pages)
  int64_t line = 0;     // 1-based line where the record starts, 0 if not applicable
  int64_t byte_offset = 0;  // offset of the record in the (decompressed) input
};

// A link from a page to another article: read-also / related blocks.
struct PageLink {
  std::string title;
  std::string url;       // may be empty when the related article is embedded
  std::string article_key;  // key of the embedded article when it became its own Article
};

struct Article {
  // Identity. `key` is the natural identity of the input record (url, archive
  // doc number, or a hash of title+body for pages without either) and makes
  // re-ingestion idempotent; `id` is a short stable hex id derived from `key`.
  std::string key;
  std::string id;
  int64_t seq = 0;  // assigned by the store, monotonically increasing

  std::string outlet;   // who published it (site or paper)
  std::string credit;   // the origin it names: "الحرة", "أ ف ب", "وكالات"
  std::string url;
  std::string canonical_url;
  std::string title;
  std::string abstract;
  std::vector<std::string> paragraphs;
  std::string author;
  std::string category;
  std::string language = "ar";

  PublishedDate published;
  // When a crawler saw the page (SaudiNewsNet date_extracted): not publication.
  int64_t crawled_epoch = 0;  // 0 = unknown
  std::string crawled_original;

  std::vector<PageLink> links;  // read-also / related
  std::string related_to;       // key of the page's main article, for read-also articles

  std::string fingerprint;   // content fingerprint of the normalised body (hex)
  int64_t ingested_at = 0;   // epoch seconds, set by the store
  Origin origin;

  std::string Body() const;  // paragraphs joined by "\n\n"
};

// Derives `id` from `key` (16 hex digits of a 64-bit hash).
std::string IdForKey(const std::string& key);

}  // namespace riwaya::model
