// UTC times as the database stores them ("YYYY-MM-DD HH:MM:SS") and as
// pages and HTTP headers show them.
#ifndef SDB_LIB_TIMEUTIL_H_
#define SDB_LIB_TIMEUTIL_H_

#include <optional>
#include <string>

namespace sdb {

// Seconds since the Unix epoch, now.
long long UnixNow();
// "YYYY-MM-DD HH:MM:SS" for a Unix time.
std::string FormatDbTime(long long unix_time);
// The current time in database format.
inline std::string DbNow() { return FormatDbTime(UnixNow()); }
// Parses "YYYY-MM-DD HH:MM:SS" (seconds optional); nullopt when malformed.
std::optional<long long> ParseDbTime(const std::string& text);
// "2026-11-28 19:05 UTC": what pages show.
std::string DisplayTime(const std::string& db_time);
// "2026-11-28T19:05:00Z": the datetime attribute of <time>.
std::string IsoTime(const std::string& db_time);
// RFC 7231 IMF-fixdate ("Sat, 28 Nov 2026 19:05:00 GMT").
std::string HttpDate(long long unix_time);
// Parses an IMF-fixdate; nullopt when malformed.
std::optional<long long> ParseHttpDate(const std::string& text);

}  // namespace sdb

#endif  // SDB_LIB_TIMEUTIL_H_
