// ApiJson: the JSON shapes of the HTTP API (docs/api.md). Highlight spans are
// converted from the engine's byte offsets to UTF-16 code-unit offsets so a
// browser can slice strings directly; spans are clamped to the text and to
// character boundaries, so a faulty span never breaks a client.
// Invalid UTF-8 in article text is replaced (U+FFFD), never thrown. Full
// articles reuse engine/article_json.h and add ids for read-also links.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "model/article.h"

namespace riwaya::server {

struct FeedHealth;

// Number of UTF-16 code units in s[0, byte_offset), with byte_offset clamped
// to s.size() and moved back to the start of a code point.
uint32_t Utf16Offset(std::string_view s, uint32_t byte_offset);
// Spans in UTF-16 units: [[begin, end], ...], empty and out-of-range spans dropped.
nlohmann::json SpansJson(std::string_view text, const std::vector<engine::Span>& spans);

std::string IsoUtc(int64_t epoch_seconds);  // "2024-06-26T08:30:00Z"

nlohmann::json DateJson(const model::PublishedDate& d);
// `full` includes paragraphs and origin; a summary has title/outlet/date only.
nlohmann::json ArticleJson(const model::Article& a, bool full);
nlohmann::json SearchResultJson(const engine::SearchRequest& req, const engine::SearchResult& r);
nlohmann::json StatsJson(const engine::Stats& s);
nlohmann::json OutletsJson(const engine::Stats& s);
nlohmann::json IngestReportJson(const engine::IngestReport& r);
nlohmann::json FeedsJson(const std::vector<FeedHealth>& feeds);

// Serialises with invalid UTF-8 replaced instead of throwing.
std::string Dump(const nlohmann::json& j);

}  // namespace riwaya::server
