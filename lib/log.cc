// Logging: see log.h.
#include "log.h"

#include <cstdio>

#include "timeutil.h"

namespace sdb {

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
                     kNames[static_cast<int>(level)] + ": " + message + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace sdb
