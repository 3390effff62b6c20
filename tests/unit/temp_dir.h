// A directory of its own for a unit test, removed with everything in it
// when the test ends.
#ifndef SDB_TESTS_UNIT_TEMP_DIR_H_
#define SDB_TESTS_UNIT_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace sdb_test {

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

}  // namespace sdb_test

#endif  // SDB_TESTS_UNIT_TEMP_DIR_H_
