// Query language: structure of parsed queries, error positions, and a fuzz
// pass (random bytes never crash and never return an empty success).
#include <gtest/gtest.h>

#include <random>

#include "index/query.h"
#include "index/test_analyzer.h"

namespace riwaya::index {
namespace {

using K = QueryNode::Kind;

class QueryTest : public ::testing::Test {
 protected:
  Result<Query> P(std::string_view q) { return ParseQuery(q, a_); }
  testing::TestAnalyzer a_;
};

TEST_F(QueryTest, WordsAreAndedByDefault) {
  auto q = P("الحكومة رئيس");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->root.kind, K::kAnd);
  ASSERT_EQ(q->root.children.size(), 2u);
  EXPECT_EQ(q->root.children[0].terms[0], "حكومة");  // the analyzer's term, not the written form
  EXPECT_EQ(q->root.children[1].terms[0], "رئيس");
}

TEST_F(QueryTest, OrBindsLooserThanAnd) {
  auto q = P("نفط غاز OR قطر");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->root.kind, K::kOr);
  EXPECT_EQ(q->root.children[0].kind, K::kAnd);
  EXPECT_EQ(q->root.children[1].kind, K::kTerm);
}

TEST_F(QueryTest, ParenthesesGroup) {
  auto q = P("(نفط OR غاز) قطر");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->root.kind, K::kAnd);
  EXPECT_EQ(q->root.children[0].kind, K::kOr);
}

TEST_F(QueryTest, NegationForms) {
  for (const char* s : {"نفط -قطر", "نفط NOT قطر"}) {
    auto q = P(s);
    ASSERT_TRUE(q.ok()) << s;
    ASSERT_EQ(q->root.kind, K::kAnd);
    EXPECT_EQ(q->root.children[1].kind, K::kNot);
    // Negated words are not highlighted.
    EXPECT_EQ(q->highlight_terms, std::vector<std::string>{"نفط"});
  }
}

TEST_F(QueryTest, PhraseKeepsStopwordSlots) {
  auto q = P("\"رئيس من الخارجية\"");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->root.kind, K::kPhrase);
  EXPECT_EQ(q->root.terms, (std::vector<std::string>{"رئيس", "خارجية"}));
  EXPECT_EQ(q->root.offsets, (std::vector<uint32_t>{0, 2}));
  EXPECT_FALSE(q->root.proximity);
}

TEST_F(QueryTest, Proximity) {
  auto q = P("\"نفط قطر\"~5");
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->root.proximity);
  EXPECT_EQ(q->root.slop, 5u);
}

TEST_F(QueryTest, Fields) {
  auto q = P("title:الحكومة outlet:\"BBC Arabic\" category:سياسة author:أحمد");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->root.children.size(), 4u);
  EXPECT_EQ(q->root.children[0].field, Field::kTitle);
  EXPECT_EQ(q->root.children[1].kind, K::kOutlet);
  EXPECT_EQ(q->root.children[1].value, "BBC Arabic");
  EXPECT_EQ(q->root.children[2].kind, K::kCategory);
  EXPECT_EQ(q->root.children[3].terms[0], AuthorTerm("أحمد"));
  EXPECT_FALSE(q->root.children[3].scored);
}

TEST_F(QueryTest, DateRanges) {
  int64_t d1 = 0, d2 = 0;
  ASSERT_TRUE(ParseDay("2018-02-01", d1));
  ASSERT_TRUE(ParseDay("2018-03-15", d2));
  EXPECT_EQ(d1, 1517443200);  // 2018-02-01T00:00:00Z
  auto q = P("نفط date:2018-02-01..2018-03-15");
  ASSERT_TRUE(q.ok());
  const QueryNode& d = q->root.children[1];
  EXPECT_EQ(d.from, d1);
  EXPECT_EQ(d.to, d2 + 86399);
  auto open_start = P("نفط date:..2018-03-15");
  ASSERT_TRUE(open_start.ok());
  EXPECT_LT(open_start->root.children[1].from, 0);
  auto open_end = P("نفط date:2018-02..");
  ASSERT_TRUE(open_end.ok());
  EXPECT_EQ(open_end->root.children[1].from, d1);
  EXPECT_EQ(open_end->root.children[1].to, std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(P("date:2018").ok());  // filter-only queries are allowed
}

TEST_F(QueryTest, ExactForm) {
  auto q = P("=والحكومة");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->root.terms[0], FormTerm("والحكومة"));
  EXPECT_FALSE(q->root.bare);
  auto bare = P("=حكومة");  // the form is its own term: served by the term's postings
  ASSERT_TRUE(bare.ok());
  EXPECT_TRUE(bare->root.bare);
  EXPECT_EQ(bare->root.terms[0], "حكومة");
}

TEST_F(QueryTest, MultiTokenWordBecomesPhrase) {
  auto q = P("F-35");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->root.kind, K::kPhrase);
  EXPECT_EQ(q->root.terms, (std::vector<std::string>{"f", "35"}));
}

struct Bad {
  const char* query;
  size_t pos;
  const char* words;
};

TEST_F(QueryTest, ErrorsNamePositionAndCaret) {
  const Bad cases[] = {
      {"", 0, "empty query"},
      {"   ", 0, "empty query"},
      {"نفط (قطر", 7, "missing ')'"},
      {"نفط) قطر", 6, "unexpected ')'"},
      {"\"نفط قطر", 0, "unterminated quote"},
      {"نفط OR", 7, "OR needs"},
      {"OR نفط", 0, "OR needs"},
      {"نفط AND", 7, "AND needs"},
      {"-نفط", 0, "negation needs a positive"},
      {"نفط OR -قطر", 10, "negation needs a positive"},
      {"نفط - قطر", 7, "'-' must be followed"},
      {"\"نفط قطر\"~", 15, "'~' must be followed"},
      {"\"نفط قطر\"~x", 15, "'~' must be followed"},
      {"\"نفط قطر\"~5000", 15, "proximity too large"},
      {"foo:bar", 0, "unknown field"},
      {"date:2018-13-01", 5, "bad date"},
      {"date:2018-02-30", 5, "bad date"},
      {"date:2018-03-01..2018-02-01", 5, "ends before"},
      {"date:..", 5, "at least one end"},
      {"title:", 6, "missing value"},
      {"نفط \"\"", 7, "empty phrase"},
      {"نفط ()", 7, "empty parentheses"},
      {"في من", 0, "no searchable words"},
      {"=", 0, "'=' must be followed"},
      {"NOT", 0, "NOT needs"},
  };
  for (const Bad& b : cases) {
    auto q = P(b.query);
    ASSERT_FALSE(q.ok()) << "'" << b.query << "' should be rejected";
    EXPECT_EQ(q.status().code(), Status::Code::kInvalid);
    const std::string& m = q.status().message();
    EXPECT_NE(m.find(b.words), std::string::npos) << b.query << " -> " << m;
    EXPECT_NE(m.find("at byte " + std::to_string(b.pos)), std::string::npos) << b.query << " -> " << m;
    EXPECT_NE(m.find('^'), std::string::npos) << m;
  }
}

TEST_F(QueryTest, InvalidUtf8IsRejectedWithPosition) {
  std::string q = "نفط \xff\xfe";
  auto r = P(q);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("invalid UTF-8 at byte 7"), std::string::npos) << r.status().message();
}

TEST_F(QueryTest, DeepNestingIsAnErrorNotACrash) {
  std::string q(5000, '(');
  q += "نفط";
  q += std::string(5000, ')');
  auto r = P(q);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nested too deeply"), std::string::npos);
}

TEST_F(QueryTest, FuzzNeverCrashesNorSilentlyEmpty) {
  std::mt19937 rng(12345);
  const std::string alphabet[] = {"(", ")", "\"", "-", "=", ":", "~", "5", "..", " ", " ", "OR", "AND", "NOT",
                                  "title", "date", "outlet", "2018-02-01", "نفط", "والحكومة", "في", "\xff", "x"};
  int ok = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string q;
    size_t n = rng() % 12;
    for (size_t k = 0; k < n; ++k) {
      if (rng() % 8 == 0) {
        q.push_back(static_cast<char>(rng() % 256));
      } else {
        q += alphabet[rng() % (sizeof(alphabet) / sizeof(alphabet[0]))];
      }
    }
    auto r = P(q);
    if (r.ok()) {
      ++ok;
      // A success always carries something to match.
      EXPECT_TRUE(r->root.kind != K::kNot) << q;
    } else {
      EXPECT_EQ(r.status().code(), Status::Code::kInvalid);
      EXPECT_NE(r.status().message().find("at byte"), std::string::npos);
    }
  }
  EXPECT_GT(ok, 100);
}

}  // namespace
}  // namespace riwaya::index
