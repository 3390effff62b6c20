// The one exception type for unexpected failures (database, I/O, bugs).
// Expected outcomes (not found, invalid input, conflict) are return values;
// an Error escaping a handler becomes a logged 500 in Serve.
#ifndef SDB_LIB_BASE_ERROR_H_
#define SDB_LIB_BASE_ERROR_H_

#include <stdexcept>
#include <string>

namespace sdb {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace sdb

#endif  // SDB_LIB_BASE_ERROR_H_
