// UTC time formats: see timeutil.h.
#include "timeutil.h"

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

}  // namespace

long long UnixNow() { return static_cast<long long>(std::time(nullptr)); }

std::string FormatDbTime(long long unix_time) {
  return Format(unix_time, "%Y-%m-%d %H:%M:%S");
}

std::optional<long long> ParseDbTime(const std::string& text) {
  std::optional<long long> t;
  if (text.size() == 19) t = Parse(text, "%Y-%m-%d %H:%M:%S");
  if (text.size() == 16) t = Parse(text, "%Y-%m-%d %H:%M");
  // strptime skips spaces and timegm rolls over impossible dates
  // (02-30 becomes 03-02): accept only the canonical spelling.
  if (t && FormatDbTime(*t).compare(0, text.size(), text) != 0) {
    return std::nullopt;
  }
  return t;
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
  return date::format("%Y-%m-%d %H:%M %Z", date::make_zoned(zone_, instant));
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
