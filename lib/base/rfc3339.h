// RFC 3339 times as API v2 reads and writes them, converted from and to
// the database's UTC "YYYY-MM-DD HH:MM:SS".
#ifndef SDB_LIB_BASE_RFC3339_H_
#define SDB_LIB_BASE_RFC3339_H_

#include <optional>
#include <string>

namespace sdb {

// Parses "2026-01-29T10:29:59Z", "...+00:00", "...-05:30", with optional
// fractional seconds (dropped: the database keeps whole seconds) and "t"/"z"
// in either case, into database time in UTC. nullopt when malformed or
// outside the years 1970..9999.
std::optional<std::string> ParseRfc3339(const std::string& text);

// "2026-01-29T10:29:59Z" from database time.
std::string FormatRfc3339(const std::string& db_time);

}  // namespace sdb

#endif  // SDB_LIB_BASE_RFC3339_H_
