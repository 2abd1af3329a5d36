// Schema: the store's versioned SQLite schema. Migrations are ordered and run
// at open inside one transaction, so a database is always at a version this
// code knows or untouched. A database newer than this code is refused.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace riwaya::store {

struct Migration {
  int version;      // 1, 2, ...: the version the database has after it ran
  const char* what; // one line for humans
  const char* sql;
};

const std::vector<Migration>& Migrations();
int LatestSchemaVersion();

// The version recorded in schema_version, 0 for an empty database.
Result<int> SchemaVersion(Db& db);

// Brings `db` to `target` (default: latest) in one transaction.
Status Migrate(Db& db, int target = 0);

}  // namespace riwaya::store
