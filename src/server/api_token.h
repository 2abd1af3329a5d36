// ApiToken: the secret that POST /api/ingest requires. It comes from the
// environment (RIWAYA_API_TOKEN) or from <data>/api-token, which is created
// with mode 0600 and 32 random bytes (hex) on first use. Comparison is
// constant-time.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace riwaya::server {

// Returns `env_token` when non-empty; else reads <data_dir>/api-token,
// creating it atomically (temp + fsync + rename, 0600) when absent.
Result<std::string> LoadOrCreateApiToken(const std::string& data_dir, const std::string& env_token);

// True when `header` is exactly "Bearer <token>" (constant time in token length).
bool BearerMatches(std::string_view header, std::string_view token);

}  // namespace riwaya::server
