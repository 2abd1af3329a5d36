// GET /api/stats: `outlets` counts named outlets only; articles without an
// outlet are grouped under "" by the store, and that group is no outlet.
#include <gtest/gtest.h>

#include "server/api_json.h"

namespace riwaya::server {
namespace {

engine::OutletStats Outlet(const std::string& name, int64_t articles) {
  engine::OutletStats o;
  o.outlet = name;
  o.articles = articles;
  o.per_month.push_back({"2024-05", articles});
  return o;
}

TEST(StatsJson, UnnamedOutletGroupIsNotCounted) {
  engine::Stats s;
  s.articles = 9;
  s.outlets = {Outlet("الشروق", 4), Outlet("", 3), Outlet("هسبريس", 2)};
  nlohmann::json j = StatsJson(s);
  ASSERT_TRUE(j.contains("outlets"));
  ASSERT_TRUE(j["outlets"].is_number_integer());  // the shape the web reader and API clients read
  EXPECT_EQ(j["outlets"].get<int64_t>(), 2);
  EXPECT_EQ(j["articles"].get<int64_t>(), 9);  // the unnamed articles still count as articles
}

TEST(StatsJson, OnlyUnnamedArticlesMeansNoOutlets) {
  engine::Stats s;
  s.articles = 5;
  s.outlets = {Outlet("", 5)};
  EXPECT_EQ(StatsJson(s)["outlets"].get<int64_t>(), 0);
  EXPECT_EQ(StatsJson(engine::Stats{})["outlets"].get<int64_t>(), 0);
}

TEST(StatsJson, OutletsListStillShowsTheUnnamedGroup) {
  // /api/outlets is the full breakdown (volumes must add up); only the count skips "".
  engine::Stats s;
  s.outlets = {Outlet("", 3), Outlet("الأيام", 1)};
  nlohmann::json j = OutletsJson(s);
  ASSERT_EQ(j["outlets"].size(), 2u);
}

}  // namespace
}  // namespace riwaya::server
