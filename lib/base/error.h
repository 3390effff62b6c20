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

// A failure of the moment, not of the request: the database is locked by
// another writer past the busy timeout, or its disk is full. Serve answers
// 503 with Retry-After (the request changed nothing and may be sent again),
// never 500.
class Unavailable : public Error {
 public:
  enum class Reason { kBusy, kFull };
  Unavailable(Reason reason, const std::string& what)
      : Error(what), reason_(reason) {}
  Reason reason() const { return reason_; }

 private:
  Reason reason_;
};

}  // namespace sdb

#endif  // SDB_LIB_BASE_ERROR_H_
