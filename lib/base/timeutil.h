// UTC times as the database stores them ("YYYY-MM-DD HH:MM:SS") and as
// pages and HTTP headers show them.
#ifndef SDB_LIB_BASE_TIMEUTIL_H_
#define SDB_LIB_BASE_TIMEUTIL_H_

#include <optional>
#include <string>
#include <vector>

namespace date {
class time_zone;
}  // namespace date

namespace sdb {

// Seconds since the Unix epoch, now.
long long UnixNow();
// "YYYY-MM-DD HH:MM:SS" for a Unix time.
std::string FormatDbTime(long long unix_time);
// The current time in database format.
inline std::string DbNow() { return FormatDbTime(UnixNow()); }
// Parses "YYYY-MM-DD HH:MM:SS" (seconds optional); nullopt when malformed.
std::optional<long long> ParseDbTime(const std::string& text);
// The time zone a visitor reads times in, from the tz database (Howard
// Hinnant's date/tz over the system's /usr/share/zoneinfo). UTC by default.
class DisplayZone {
 public:
  DisplayZone();  // UTC
  // The IANA zone `name` ("Europe/Berlin") when it is one of
  // DisplayZoneNames(), else nullopt.
  static std::optional<DisplayZone> Find(const std::string& name);
  const std::string& name() const { return name_; }
  // "2026-11-28 20:05 CET" for a database time (UTC); the text unchanged
  // when it is not a database time.
  std::string Format(const std::string& db_time) const;
  // The value of an <input type="datetime-local"> for a database time
  // ("2026-11-28T20:05", with `seconds` "2026-11-28T20:05:09"), or "" when
  // it is not a database time.
  std::string ToLocalInput(const std::string& db_time,
                           bool seconds = false) const;
  // A datetime-local value ("YYYY-MM-DDTHH:MM", seconds optional) read as
  // wall-clock time in this zone, as a database time (UTC); nullopt when
  // malformed or when the wall-clock time does not exist (skipped by a
  // daylight-saving change). An ambiguous time takes the earlier instant.
  std::optional<std::string> FromLocalInput(const std::string& text) const;

 private:
  DisplayZone(const date::time_zone* zone, std::string name);
  const date::time_zone* zone_;
  std::string name_;
};

// The zones offered to visitors: "UTC", then the IANA Area/Location names,
// sorted.
const std::vector<std::string>& DisplayZoneNames();
// "2026-11-28T19:05:00Z": the datetime attribute of <time>.
std::string IsoTime(const std::string& db_time);
// RFC 7231 IMF-fixdate ("Sat, 28 Nov 2026 19:05:00 GMT").
std::string HttpDate(long long unix_time);
// Parses an IMF-fixdate; nullopt when malformed.
std::optional<long long> ParseHttpDate(const std::string& text);

}  // namespace sdb

#endif  // SDB_LIB_BASE_TIMEUTIL_H_
