// What several unit test files use: a directory of their own, substring
// checks and the message of an expected sdb::Error.
#ifndef SDB_TESTS_UNIT_TEST_SUPPORT_H_
#define SDB_TESTS_UNIT_TEST_SUPPORT_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "error.h"

namespace sdb_test {

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
