// RFC 3339 times: see rfc3339.h.
#include "base/rfc3339.h"

#include <cctype>
#include <cstdio>

#include "base/timeutil.h"

namespace sdb {
namespace {

// The number at text[at, at + width), all digits, or -1.
int Digits(const std::string& text, size_t at, size_t width) {
  if (at + width > text.size()) return -1;
  int value = 0;
  for (size_t i = at; i < at + width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<std::string> ParseRfc3339(const std::string& text) {
  // YYYY-MM-DDTHH:MM:SS
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  int year = Digits(text, 0, 4), month = Digits(text, 5, 2),
      day = Digits(text, 8, 2), hour = Digits(text, 11, 2),
      minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (year < 1970 || month < 0 || day < 0 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  size_t at = 19;
  if (text[at] == '.') {
    size_t start = ++at;
    while (at < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[at]))) {
      ++at;
    }
    if (at == start) return std::nullopt;
  }
  long long offset = 0;
  if (at + 1 == text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    offset = 0;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') &&
             text[at + 3] == ':') {
    int oh = Digits(text, at + 1, 2), om = Digits(text, at + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset = (oh * 60LL + om) * 60 * (text[at] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  char local[40];
  std::snprintf(local, sizeof local, "%04d-%02d-%02d %02d:%02d:%02d", year,
                month, day, hour, minute, second);
  // ParseDbTime refuses impossible dates (February 30th).
  auto unix_time = ParseDbTime(local);
  if (!unix_time) return std::nullopt;
  long long utc = *unix_time - offset;
  if (utc < 0 || utc > 253402300799LL) return std::nullopt;
  return FormatDbTime(utc);
}

std::string FormatRfc3339(const std::string& db_time) {
  if (db_time.size() < 19) return db_time;
  return db_time.substr(0, 10) + "T" + db_time.substr(11, 8) + "Z";
}

}  // namespace sdb
