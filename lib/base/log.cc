// Logging: see log.h.
#include "base/log.h"

#include <cstdio>

#include "base/timeutil.h"

namespace sdb {
namespace {

// A logfmt value: bare when it is a plain token, else quoted with \" and \\.
std::string Value(const std::string& text) {
  if (text.empty()) return "-";
  bool plain = true;
  for (unsigned char c : text) {
    if (c <= ' ' || c == '"' || c == '\\' || c == '=' || c >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  std::string out = "\"";
  for (char c : EscapeLogText(text)) {
    if (c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string EscapeLogText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          out += hex;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

Logger::Logger(std::string program, const std::string& level)
    : program_(std::move(program)),
      level_(level == "error"     ? LogLevel::kError
             : level == "warning" ? LogLevel::kWarning
             : level == "debug"   ? LogLevel::kDebug
                                  : LogLevel::kInfo) {}

void Logger::Log(LogLevel level, const std::string& message) const {
  if (!Enabled(level)) return;
  static const char* const kNames[] = {"error", "warning", "info", "debug"};
  std::string line = DbNow() + " " + program_ + " " +
                     kNames[static_cast<int>(level)] + ": " +
                     EscapeLogText(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

std::string FormatRequestRecord(const RequestRecord& record) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f", record.seconds * 1000.0);
  return "id=" + Value(record.request_id) + " method=" + Value(record.method) +
         " path=" + Value(record.path) +
         " status=" + std::to_string(record.status) +
         " duration_ms=" + duration + " cache=" + Value(record.cache) +
         " operator=" + Value(record.operator_name);
}

void Logger::Request(LogLevel level, const RequestRecord& record) const {
  if (!Enabled(level)) return;
  // Not through Log: FormatRequestRecord has escaped every value already.
  static const char* const kNames[] = {"error", "warning", "info", "debug"};
  std::string line = DbNow() + " " + program_ + " " +
                     kNames[static_cast<int>(level)] + ": request " +
                     FormatRequestRecord(record) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace sdb
