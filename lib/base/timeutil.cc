// UTC time formats: see timeutil.h.
#include "base/timeutil.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>

namespace sdb {
namespace {

std::string Format(long long unix_time, const char* format) {
  std::time_t t = static_cast<std::time_t>(unix_time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::size_t n = std::strftime(buffer, sizeof buffer, format, &tm);
  return std::string(buffer, n);
}

std::optional<long long> Parse(const std::string& text, const char* format) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), format, &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<long long>(timegm(&tm));
}

// Days from 1970-01-01 to the proleptic Gregorian date, and back (Howard
// Hinnant's days_from_civil and civil_from_days). Pages parse and format
// thousands of times a request: strptime/timegm and date::format (an
// ostream per call) were most of the history page's time.
long long DaysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void CivilFromDays(long long z, long long* y, unsigned* m, unsigned* d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<long long>(yoe) + era * 400 + (*m <= 2);
}

bool IsLeap(long long y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

unsigned DaysInMonth(long long y, unsigned m) {
  static const unsigned char kDays[] = {31, 28, 31, 30, 31, 30,
                                        31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// "YYYY-MM-DD HH:MM:SS" of `unix_time` into out[0..19), for the years
// 1000..9999 (what FormatDbTime writes with strftime otherwise).
bool CivilText(long long unix_time, char* out) {
  long long days = unix_time / 86400;
  long long rest = unix_time % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  long long y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y < 1000 || y > 9999) return false;
  auto put = [](char* at, long long value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) at[i] = '0' + value % 10;
  };
  put(out, y, 4);
  out[4] = '-';
  put(out + 5, m, 2);
  out[7] = '-';
  put(out + 8, d, 2);
  out[10] = ' ';
  put(out + 11, rest / 3600, 2);
  out[13] = ':';
  put(out + 14, rest / 60 % 60, 2);
  out[16] = ':';
  put(out + 17, rest % 60, 2);
  return true;
}

}  // namespace

long long UnixNow() { return static_cast<long long>(std::time(nullptr)); }

std::string FormatDbTime(long long unix_time) {
  char text[19];
  if (CivilText(unix_time, text)) return std::string(text, sizeof text);
  return Format(unix_time, "%Y-%m-%d %H:%M:%S");
}

std::optional<long long> ParseDbTime(const std::string& text) {
  // Only the canonical spelling, the one FormatDbTime writes: fixed
  // positions, a four-digit year from 1000, real calendar dates (no
  // 02-30), no leap second. Two digits at a time without a loop, so that
  // it all inlines: pages parse thousands of times a request.
  const size_t size = text.size();
  if (size != 19 && size != 16) return std::nullopt;
  const char* p = text.data();
  bool digits = true;
  auto two = [p, &digits](size_t at) {
    unsigned tens = static_cast<unsigned>(p[at]) - '0';
    unsigned ones = static_cast<unsigned>(p[at + 1]) - '0';
    digits = digits && tens <= 9 && ones <= 9;
    return tens * 10 + ones;
  };
  if (p[4] != '-' || p[7] != '-' || p[10] != ' ' || p[13] != ':' ||
      (size == 19 && p[16] != ':')) {
    return std::nullopt;
  }
  unsigned year = two(0) * 100 + two(2);
  unsigned month = two(5), day = two(8), hour = two(11), minute = two(14);
  unsigned second = size == 19 ? two(17) : 0;
  if (!digits || year < 1000 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
         second;
}

DisplayZone::DisplayZone() : DisplayZone(date::locate_zone("UTC"), "UTC") {}

DisplayZone::DisplayZone(const date::time_zone* zone, std::string name)
    : zone_(zone), name_(std::move(name)) {}

std::optional<DisplayZone> DisplayZone::Find(const std::string& name) {
  const auto& names = DisplayZoneNames();
  if (!std::binary_search(names.begin() + 1, names.end(), name) &&
      name != "UTC") {
    return std::nullopt;
  }
  try {
    return DisplayZone(date::locate_zone(name), name);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string DisplayZone::Format(const std::string& db_time) const {
  auto t = ParseDbTime(db_time);
  if (!t) return db_time;
  date::sys_seconds instant{std::chrono::seconds{*t}};
  // "%Y-%m-%d %H:%M %Z" of the zoned time, without date::format's ostream.
  date::sys_info info = zone_->get_info(instant);
  char text[19];
  if (!CivilText(*t + info.offset.count(), text)) {
    return date::format("%Y-%m-%d %H:%M %Z", date::make_zoned(zone_, instant));
  }
  return std::string(text, 16) + " " + info.abbrev;
}

std::string DisplayZone::ToLocalInput(const std::string& db_time,
                                      bool seconds) const {
  auto t = ParseDbTime(db_time);
  if (!t) return "";
  date::sys_seconds instant{std::chrono::seconds{*t}};
  return date::format(seconds ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%dT%H:%M",
                      date::make_zoned(zone_, instant));
}

std::optional<std::string> DisplayZone::FromLocalInput(
    const std::string& text) const {
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  if (text[10] != 'T') return std::nullopt;
  std::string as_db = text;
  as_db[10] = ' ';
  // ParseDbTime checks the fields and the calendar; the value is the wall
  // clock, not yet an instant.
  auto wall = ParseDbTime(as_db);
  if (!wall) return std::nullopt;
  date::local_seconds local{std::chrono::seconds{*wall}};
  try {
    auto instant = zone_->to_sys(local, date::choose::earliest);
    auto info = zone_->get_info(local);
    if (info.result == date::local_info::nonexistent) return std::nullopt;
    // Near the ends of the years 1000..9999 the instant may leave them
    // ("9999-12-31T23:59" in New York is 10000-01-01 UTC): no database time.
    std::string db_time = FormatDbTime(instant.time_since_epoch().count());
    if (!ParseDbTime(db_time)) return std::nullopt;
    return db_time;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

const std::vector<std::string>& DisplayZoneNames() {
  // Read once per process: the tz database does not change under us.
  static const std::vector<std::string>* names = [] {
    static const char* const kAreas[] = {
        "Africa/",   "America/",   "Antarctica/", "Arctic/", "Asia/",
        "Atlantic/", "Australia/", "Europe/",     "Indian/", "Pacific/"};
    auto* list = new std::vector<std::string>;
    for (const auto& zone : date::get_tzdb().zones) {
      std::string name(zone.name());
      for (const char* area : kAreas) {
        if (name.rfind(area, 0) == 0) {
          list->push_back(name);
          break;
        }
      }
    }
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
    list->insert(list->begin(), "UTC");
    return list;
  }();
  return *names;
}

std::string IsoTime(const std::string& db_time) {
  auto t = ParseDbTime(db_time);
  return t ? Format(*t, "%Y-%m-%dT%H:%M:%SZ") : db_time;
}

std::string HttpDate(long long unix_time) {
  return Format(unix_time, "%a, %d %b %Y %H:%M:%S GMT");
}

std::optional<long long> ParseHttpDate(const std::string& text) {
  return Parse(text, "%a, %d %b %Y %H:%M:%S GMT");
}

}  // namespace sdb
