// What several unit test files use: a directory of their own, substring
// checks, sections of a page, the message of an expected sdb::Error, one
// integer read from a database, and a request log record.
#ifndef SDB_TESTS_UNIT_TEST_SUPPORT_H_
#define SDB_TESTS_UNIT_TEST_SUPPORT_H_

#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <filesystem>
#include <string>

#include "base/error.h"
#include "base/log.h"
#include "store/db.h"

namespace sdb_test {

// A request log record of the board program with the fields the metrics
// and the log line read.
inline sdb::RequestRecord RequestRecordOf(const std::string& path, int status,
                                          double seconds = 0.003,
                                          const std::string& method = "GET") {
  sdb::RequestRecord record;
  record.request_id = "r1";
  record.program = "board";
  record.method = method;
  record.path = path;
  record.status = status;
  record.seconds = seconds;
  return record;
}

// The integer in the first column of the first row `sql` returns (the test
// fails when there is no row).
inline int64_t QueryInt(sdb::Database& db, const std::string& sql) {
  sdb::Statement& query = db.Prepare(sql);
  BOOST_TEST_REQUIRE(query.Step(), sql);
  int64_t value = query.Int(0);
  query.Reset();
  return value;
}

// A directory of its own for a unit test, removed with everything in it
// when the test ends.
struct TempDir {
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sdb-test-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return path + "/" + name; }
  std::string path;
};

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// How often `needle` occurs in `haystack` (overlapping ones too).
inline size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// The element <section ... id="`id`" ...>...</section> of `html`, nested
// sections included; "" when there is none.
inline std::string SectionById(const std::string& html, const std::string& id) {
  auto at = html.find(" id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  auto begin = html.rfind("<section", at);
  if (begin == std::string::npos) return "";
  int depth = 0;
  for (auto pos = begin; pos != std::string::npos;) {
    auto open = html.find("<section", pos + 1);
    auto close = html.find("</section>", pos + 1);
    if (close == std::string::npos) return "";
    if (open != std::string::npos && open < close) {
      ++depth;
      pos = open;
    } else if (depth-- == 0) {
      return html.substr(begin, close + 10 - begin);
    } else {
      pos = close;
    }
  }
  return "";
}

// The message of the sdb::Error `f` throws, or "" when it does not throw.
template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const sdb::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace sdb_test

#endif  // SDB_TESTS_UNIT_TEST_SUPPORT_H_
