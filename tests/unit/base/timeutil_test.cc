// Unit tests of the UTC time formats: database text, display, ISO 8601 and
// HTTP dates.
#include "base/timeutil.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>

namespace {

// 2026-11-28 19:05:00 UTC, a Saturday.
constexpr long long kSample = 1795892700;

struct TimeCase {
  long long unix_time;
  const char* db_time;
};

constexpr TimeCase kTimes[] = {
    {0, "1970-01-01 00:00:00"},
    {951868799, "2000-02-29 23:59:59"},
    {kSample, "2026-11-28 19:05:00"},
    {kSample + 59, "2026-11-28 19:05:59"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(timeutil)

BOOST_AUTO_TEST_CASE(format_and_parse_db_time_round_trip) {
  for (const auto& c : kTimes) {
    BOOST_TEST_CONTEXT("db time " << c.db_time) {
      BOOST_TEST(sdb::FormatDbTime(c.unix_time) == c.db_time);
      std::optional<long long> parsed = sdb::ParseDbTime(c.db_time);
      BOOST_TEST_REQUIRE(parsed.has_value());
      BOOST_TEST(*parsed == c.unix_time);
    }
  }
}

BOOST_AUTO_TEST_CASE(db_now_is_in_db_format_and_parses_back) {
  long long before = sdb::UnixNow();
  std::string now = sdb::DbNow();
  long long after = sdb::UnixNow();
  BOOST_TEST(now.size() == 19u);
  auto parsed = sdb::ParseDbTime(now);
  BOOST_TEST_REQUIRE(parsed.has_value());
  BOOST_TEST(*parsed >= before);
  BOOST_TEST(*parsed <= after);
}

BOOST_AUTO_TEST_CASE(parse_db_time_accepts_minutes_only) {
  auto parsed = sdb::ParseDbTime("2026-11-28 19:05");
  BOOST_TEST_REQUIRE(parsed.has_value());
  BOOST_TEST(*parsed == kSample);
}

BOOST_AUTO_TEST_CASE(parse_db_time_rejects_malformed_text) {
  const char* const kMalformed[] = {
      "",
      "2026-11-28",
      "2026-11-28 19",
      "2026-11-28T19:05:00",
      "2026-11-28 19:05:00Z",
      "2026-11-28 19:05:00 ",
      " 2026-11-28 19:05:00",
      "2026/11/28 19:05:00",
      "2026-13-28 19:05:00",
      "2026-11-32 19:05:00",
      "2026-11-28 24:05:00",
      "2026-11-28 19:60:00",
      "2026-11-28 19:05:xx",
      "yesterday at noon!!",
      "2026-11-28 19:05:00.123",
      // Regression: strptime is lenient and timegm rolls impossible dates
      // over, so these used to parse (02-30 as 03-02).
      "2026-02-30 12:00:00",
      "2026-02-30 12:00",
      "2026-11-28 19:05:60",
      "2026-11-28  9:05:00",
      "2026-11-28  9:05",
      "2026-11-28 19: 5:00",
  };
  for (const char* text : kMalformed) {
    BOOST_TEST_CONTEXT("text \"" << text << "\"") {
      BOOST_TEST(!sdb::ParseDbTime(text).has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(display_and_iso_time) {
  struct Case {
    const char* db_time;
    const char* display;
    const char* iso;
  };
  const Case kCases[] = {
      {"2026-11-28 19:05:00", "2026-11-28 19:05 UTC", "2026-11-28T19:05:00Z"},
      {"2026-11-28 19:05:42", "2026-11-28 19:05 UTC", "2026-11-28T19:05:42Z"},
      {"2026-11-28 19:05", "2026-11-28 19:05 UTC", "2026-11-28T19:05:00Z"},
      {"1970-01-01 00:00:00", "1970-01-01 00:00 UTC", "1970-01-01T00:00:00Z"},
      // Text that is not a database time is shown as it is.
      {"soon", "soon", "soon"},
      {"", "", ""},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT("db time \"" << c.db_time << "\"") {
      BOOST_TEST(sdb::DisplayZone().Format(c.db_time) == c.display);
      BOOST_TEST(sdb::IsoTime(c.db_time) == c.iso);
    }
  }
}

BOOST_AUTO_TEST_CASE(http_date_round_trip) {
  struct Case {
    long long unix_time;
    const char* http;
  };
  const Case kCases[] = {
      {0, "Thu, 01 Jan 1970 00:00:00 GMT"},
      {951868799, "Tue, 29 Feb 2000 23:59:59 GMT"},
      {kSample, "Sat, 28 Nov 2026 19:05:00 GMT"},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT("http date " << c.http) {
      BOOST_TEST(sdb::HttpDate(c.unix_time) == c.http);
      auto parsed = sdb::ParseHttpDate(c.http);
      BOOST_TEST_REQUIRE(parsed.has_value());
      BOOST_TEST(*parsed == c.unix_time);
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_http_date_rejects_malformed_text) {
  const char* const kMalformed[] = {
      "",
      "Sat, 28 Nov 2026 19:05:00",
      "Sat, 28 Nov 2026 19:05:00 GMT trailing",
      "2026-11-28 19:05:00",
      "Sat, 28 Foo 2026 19:05:00 GMT",
      "not a date",
  };
  for (const char* text : kMalformed) {
    BOOST_TEST_CONTEXT("text \"" << text << "\"") {
      BOOST_TEST(!sdb::ParseHttpDate(text).has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(display_zone_uses_the_tz_database) {
  struct Case {
    const char* zone;
    const char* db_time;
    const char* display;
  };
  const Case kCases[] = {
      {"Europe/Berlin", "2026-01-15 12:00:00", "2026-01-15 13:00 CET"},
      {"Europe/Berlin", "2026-07-15 12:00:00", "2026-07-15 14:00 CEST"},
      // The switch to summer time: 01:00 UTC is 03:00 CEST on 29 March 2026.
      {"Europe/Berlin", "2026-03-29 00:59:00", "2026-03-29 01:59 CET"},
      {"Europe/Berlin", "2026-03-29 01:00:00", "2026-03-29 03:00 CEST"},
      {"America/New_York", "2026-11-28 19:05:00", "2026-11-28 14:05 EST"},
      {"Asia/Kolkata", "2026-11-28 19:05:00", "2026-11-29 00:35 IST"},
      {"UTC", "2026-11-28 19:05:00", "2026-11-28 19:05 UTC"},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT(c.zone << " " << c.db_time) {
      auto zone = sdb::DisplayZone::Find(c.zone);
      BOOST_TEST_REQUIRE(zone.has_value());
      BOOST_TEST(zone->name() == c.zone);
      BOOST_TEST(zone->Format(c.db_time) == c.display);
    }
  }
}

// A form time whose instant leaves the database's years 1000..9999 is
// refused, not stored as "10000-01-01 04:59:00" (found by date_fuzz).
BOOST_AUTO_TEST_CASE(local_input_outside_the_database_years_is_refused) {
  auto new_york = sdb::DisplayZone::Find("America/New_York");
  auto kolkata = sdb::DisplayZone::Find("Asia/Kolkata");
  BOOST_TEST_REQUIRE((new_york && kolkata));
  BOOST_TEST(!new_york->FromLocalInput("9999-12-31T23:59").has_value());
  BOOST_TEST(*new_york->FromLocalInput("9999-12-31T18:59:59") ==
             "9999-12-31 23:59:59");
  BOOST_TEST(!kolkata->FromLocalInput("1000-01-01T00:00").has_value());
  BOOST_TEST(
      sdb::DisplayZone().FromLocalInput("1000-01-01T00:00").value_or("") ==
      "1000-01-01 00:00:00");
}

BOOST_AUTO_TEST_CASE(display_zone_rejects_unknown_names) {
  for (const char* name :
       {"", "Mars/Olympus", "Europe/Berlin ", "../etc/passwd", "europe/berlin",
        "posixrules", "Etc/GMT+5x"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(!sdb::DisplayZone::Find(name)); }
  }
  const auto& names = sdb::DisplayZoneNames();
  BOOST_TEST(names.front() == "UTC");
  BOOST_TEST(names.size() > 300u);
  BOOST_TEST(std::is_sorted(names.begin() + 1, names.end()));
}

BOOST_AUTO_TEST_SUITE_END()
