// UTC time formats: see timeutil.h.
#include "timeutil.h"

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

std::string DisplayTime(const std::string& db_time) {
  auto t = ParseDbTime(db_time);
  return t ? Format(*t, "%Y-%m-%d %H:%M UTC") : db_time;
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
