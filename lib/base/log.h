// Logging: one line per event on stderr, which nginx, Apache and journald
// collect. Never log secrets, tokens, cookies or session ids: a request is
// logged by its id, method and path (never its query string, headers or
// body), and every line has its control characters escaped so a request
// cannot forge extra lines.
#ifndef SDB_LIB_BASE_LOG_H_
#define SDB_LIB_BASE_LOG_H_

#include <string>

namespace sdb {

enum class LogLevel { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };

// One served request, as the frame saw it: what the request log line and
// the metrics are made of.
struct RequestRecord {
  std::string request_id;  // REQUEST_ID (nginx) or UNIQUE_ID (Apache)
  std::string program;     // "board", "api", ...
  std::string method;
  std::string path;  // decoded path without the query string
  int status = 0;
  double seconds = 0;  // from reading the request to writing the answer
  std::string cache;   // "hit" or "miss" for the Redis page cache, else ""
  // The signed-in operator's display name, "" for a visitor. The frame
  // fills it from the request's session once sign-in has checked it; it
  // is a name, never a session id or token.
  std::string operator_name;
};

// Where log lines go and which are kept; one per program.
class Logger {
 public:
  // `level` is SDB_LOG_LEVEL: "error", "warning", "info" or "debug".
  Logger(std::string program, const std::string& level);
  void Log(LogLevel level, const std::string& message) const;
  void Error(const std::string& message) const {
    Log(LogLevel::kError, message);
  }
  void Warning(const std::string& message) const {
    Log(LogLevel::kWarning, message);
  }
  void Info(const std::string& message) const { Log(LogLevel::kInfo, message); }
  void Debug(const std::string& message) const {
    Log(LogLevel::kDebug, message);
  }
  bool Enabled(LogLevel level) const { return level <= level_; }

  // The request line at `level`:
  //   request id=... method=GET path=/incidents/7 status=200
  //   duration_ms=1.234 cache=hit operator=-
  void Request(LogLevel level, const RequestRecord& record) const;

 private:
  std::string program_;
  LogLevel level_;
};

// The text of a request log line after the "request " word (logfmt:
// key=value, values with spaces or quotes in double quotes). Exposed for
// tests.
std::string FormatRequestRecord(const RequestRecord& record);

// `text` with control characters written as \n, \r, \t or \xNN, so a
// logged value stays on its line.
std::string EscapeLogText(const std::string& text);

}  // namespace sdb

#endif  // SDB_LIB_BASE_LOG_H_
