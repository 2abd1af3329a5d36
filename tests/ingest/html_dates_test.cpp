#include "ingest/html_dates.h"

#include <gtest/gtest.h>

namespace riwaya::ingest {
namespace {

using model::DateSource;

int64_t Epoch(std::string_view s) {
  auto d = ParseMachineDate(s, DateSource::kMetaTag);
  return d ? d->epoch_seconds : -1;
}

TEST(HtmlDates, IsoForms) {
  EXPECT_EQ(Epoch("2024-06-26"), 1719360000);
  EXPECT_EQ(Epoch("2024-06-26T10:30:00Z"), 1719397800);
  EXPECT_EQ(Epoch("2024-06-26T13:30:00+03:00"), 1719397800);
  EXPECT_EQ(Epoch("2024-06-26T13:30:00+0300"), 1719397800);
  EXPECT_EQ(Epoch("2024-06-26T05:30:00-05:00"), 1719397800);
  EXPECT_EQ(Epoch("2024-06-26 10:30:00"), 1719397800);  // no zone: UTC
  EXPECT_EQ(Epoch("2024-06-26T10:30:00.123456Z"), 1719397800);
  EXPECT_EQ(Epoch("2024-06-26T10:30Z"), 1719397800);
  EXPECT_EQ(Epoch("  2024-06-26T10:30:00Z \n"), 1719397800);
  auto d = ParseMachineDate("2024-06-26", DateSource::kJsonLd);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->date_only);
  EXPECT_EQ(d->source, DateSource::kJsonLd);
  EXPECT_EQ(d->original, "2024-06-26");
  EXPECT_FALSE(ParseMachineDate("2024-06-26T10:30:00Z", DateSource::kMetaTag)->date_only);
}

TEST(HtmlDates, Rfc822Forms) {
  EXPECT_EQ(Epoch("Wed, 26 Jun 2024 10:30:00 GMT"), 1719397800);
  EXPECT_EQ(Epoch("Wed, 26 Jun 2024 13:30:00 +0300"), 1719397800);
  EXPECT_EQ(Epoch("26 Jun 2024 06:30:00 EDT"), 1719397800);
  EXPECT_EQ(Epoch("Wed, 26 June 2024 10:30 UT"), 1719397800);
  EXPECT_EQ(Epoch("Wed, 26 Jun 24 10:30:00 GMT"), 1719397800);
  EXPECT_EQ(Epoch("Wed, 26 Jun 2024 10:30:00"), 1719397800);
}

TEST(HtmlDates, RejectsAnythingUncertain) {
  for (std::string_view bad :
       {"", "yesterday", "2024-02-30", "2023-02-29", "2024-13-01", "2024-06-26T25:00:00Z", "2024-06-26T10:61Z",
        "2024-06-26T10:30:00+25:00", "2024-06-26Tjunk", "26/06/2024", "Wed, 32 Jun 2024 10:00:00 GMT",
        "Wed, 26 Foo 2024 10:00:00 GMT", "Wed, 26 Jun 2024 10:00:00 XYZ", "1800-01-01", "20240626",
        "2024-06-26T10:30:00Z trailing"}) {
    EXPECT_FALSE(ParseMachineDate(bad, DateSource::kMetaTag)) << bad;
  }
  EXPECT_TRUE(ParseMachineDate("2024-02-29", DateSource::kMetaTag));  // leap day is real
}

}  // namespace
}  // namespace riwaya::ingest
