// What the fuzz targets share: the input as text, its split at the first
// line break, and a CGI variable table for ParseRequest.
#ifndef SDB_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define SDB_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "web/http.h"

namespace sdb_fuzz {

inline std::string Text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// `text` before and after its first '\n' ("" after when there is none).
inline std::pair<std::string, std::string> SplitLine(const std::string& text) {
  size_t at = text.find('\n');
  if (at == std::string::npos) return {text, ""};
  return {text.substr(0, at), text.substr(at + 1)};
}

// CGI variables for sdb::ParseRequest; unset ones read as "".
using Vars = std::map<std::string, std::string>;
inline std::string GetVar(const void* context, const char* name) {
  const Vars& vars = *static_cast<const Vars*>(context);
  auto it = vars.find(name);
  return it == vars.end() ? std::string() : it->second;
}

// sdb::ParseRequest as the frame calls it: an exception is the frame's
// 400 "The request could not be parsed" (web/serve.cc), so nullopt here.
inline std::optional<sdb::Request> Parse(const Vars& vars, std::string body) {
  try {
    return sdb::ParseRequest(GetVar, &vars, std::move(body));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// A property of the code under test does not hold: abort, so libFuzzer
// keeps the input as a crash.
#define FUZZ_ASSERT(condition)                                          \
  do {                                                                  \
    if (!(condition)) {                                                 \
      std::fprintf(stderr, "%s:%d: FUZZ_ASSERT(%s) failed\n", __FILE__, \
                   __LINE__, #condition);                               \
      std::abort();                                                     \
    }                                                                   \
  } while (0)

}  // namespace sdb_fuzz

#endif  // SDB_TESTS_FUZZ_FUZZ_SUPPORT_H_
