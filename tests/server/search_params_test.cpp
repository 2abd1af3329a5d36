#include "server/search_params.h"

#include <gtest/gtest.h>

namespace riwaya::server {
namespace {

using Params = std::multimap<std::string, std::string>;

TEST(SearchParams, DefaultsWhenEmpty) {
  auto r = ParseSearchParams({});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->limit, 10);
  EXPECT_EQ(r->offset, 0);
  EXPECT_EQ(r->sort, engine::SearchRequest::Sort::kRelevance);
  EXPECT_EQ(r->histogram, "month");
  EXPECT_EQ(r->from_epoch, 0);
}

TEST(SearchParams, AllFields) {
  auto r = ParseSearchParams(Params{{"q", "\"وقف إطلاق النار\" غزة"}, {"outlet", "سكاي نيوز عربية"},
                                    {"category", "سياسة"}, {"from", "2018-02-28"}, {"to", "2018-03-01"},
                                    {"sort", "date"}, {"limit", "50"}, {"offset", "20"}, {"histogram", "day"}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->outlet, "سكاي نيوز عربية");
  EXPECT_EQ(r->from_epoch, 1519776000);         // 2018-02-28T00:00:00Z
  EXPECT_EQ(r->to_epoch, 1519862400 + 86399);   // end of 2018-03-01
  EXPECT_EQ(r->limit, 50);
  EXPECT_EQ(r->offset, 20);
  EXPECT_EQ(r->histogram, "day");
}

TEST(SearchParams, EpochDates) {
  auto r = ParseSearchParams(Params{{"from", "1519776000"}, {"to", "1519862400"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->from_epoch, 1519776000);
  EXPECT_EQ(r->to_epoch, 1519862400);
}

struct BadCase {
  Params params;
  std::string expect;  // substring of the message
};

TEST(SearchParams, RejectionsNameParameterAndPosition) {
  const BadCase cases[] = {
      {{{"from", "2018-02-30"}}, "from: position 8"},
      {{{"from", "2018-13-01"}}, "from: position 5"},
      {{{"from", "2018/02/01"}}, "from: position 4"},
      {{{"to", "2018-02-01T"}}, "to: position 10"},
      {{{"to", "2018-02"}}, "to: position 7"},
      {{{"from", "2018-03-02"}, {"to", "2018-03-01"}}, "to: position 0"},
      {{{"limit", "0"}}, "limit: position 0"},
      {{{"limit", "12a"}}, "limit: position 2"},
      {{{"limit", "99999999999999999999999"}}, "limit: position 0"},
      {{{"offset", "-1"}}, "offset: position 0"},
      {{{"sort", "newest"}}, "sort: position 0"},
      {{{"histogram", "year"}}, "histogram: position 0"},
      {{{"q", "غزة (هدنة"}}, "q: position 7"},
      {{{"q", "غزة) هدنة"}}, "q: position 6"},
      {{{"q", "قال \"الوزير"}}, "q: position 7"},
      {{{"q", std::string("abc\xC3", 4)}}, "q: position 3"},
      {{{"q", std::string("a\x01")}}, "q: position 1"},
      {{{"q", std::string(1001, 'a')}}, "q: position 1000"},
      {{{"q", "a"}, {"q", "b"}}, "q: given more than once"},
      {{{"page", "2"}}, "page: unknown parameter"},
  };
  for (const auto& c : cases) {
    auto r = ParseSearchParams(c.params);
    ASSERT_FALSE(r.ok()) << c.expect;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalid);
    EXPECT_NE(r.status().message().find(c.expect), std::string::npos)
        << "want '" << c.expect << "' in '" << r.status().message() << "'";
  }
}

TEST(SearchParams, QuotedParenthesesAreLiteral) {
  auto r = ParseSearchParams(Params{{"q", "\"قال (المصدر\" غزة"}});
  EXPECT_TRUE(r.ok()) << r.status().message();
}

}  // namespace
}  // namespace riwaya::server
