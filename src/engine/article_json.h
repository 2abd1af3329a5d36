// ArticleJson: the JSON form of an Article with every field, shared by the
// CLI (`parse --json`, `show --json`) and the server. Invalid UTF-8 never
// throws: Dump() replaces bad bytes with U+FFFD.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "model/article.h"

namespace riwaya::engine {

std::string IsoUtc(int64_t epoch_seconds);  // "2024-06-26T08:30:00Z"

// {"known":bool, "date_only":bool, "epoch":n, "iso":"...", "original":"...", "source":"text-label"}
nlohmann::json PublishedJson(const model::PublishedDate& d);
nlohmann::json ArticleToJson(const model::Article& a);
nlohmann::json IngestReportToJson(const IngestReport& r);
nlohmann::json StatsToJson(const Stats& s);
nlohmann::json RejectionToJson(const ingest::Rejection& r);

// Serialises, replacing invalid UTF-8 instead of throwing. indent < 0 = compact.
std::string Dump(const nlohmann::json& j, int indent = -1);

}  // namespace riwaya::engine
