// Logging: one line per event on stderr, which nginx, Apache and journald
// collect. Never log secrets, tokens or session ids.
#ifndef SDB_LIB_LOG_H_
#define SDB_LIB_LOG_H_

#include <string>

namespace sdb {

enum class LogLevel { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };

// Where log lines go and which are kept; one per program.
class Logger {
 public:
  Logger(std::string program, const std::string& level);
  void Log(LogLevel level, const std::string& message) const;
  void Error(const std::string& message) const {
    Log(LogLevel::kError, message);
  }
  void Warning(const std::string& message) const {
    Log(LogLevel::kWarning, message);
  }
  void Info(const std::string& message) const { Log(LogLevel::kInfo, message); }
  bool Enabled(LogLevel level) const { return level <= level_; }

 private:
  std::string program_;
  LogLevel level_;
};

}  // namespace sdb

#endif  // SDB_LIB_LOG_H_
