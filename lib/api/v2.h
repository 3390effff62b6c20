// API v2: stackmon's Go successor (status-dashboard-v3), served at /v2/*:
// components, events (incidents, maintenances, info notes) with filters,
// pagination, status updates and extraction, system events from
// monitoring, and availability. Times are RFC 3339 in UTC; errors are
// {"errMsg": "..."}.
#ifndef SDB_LIB_API_V2_H_
#define SDB_LIB_API_V2_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "api/api.h"
#include "store/events.h"

namespace sdb {

// Appends the v2 routes to the dispatch table.
void AddV2Routes(std::vector<ApiRoute>& routes);

// An event in the v2 shape: id, title, description (omitted when empty),
// impact, components (ids), start_date, end_date (omitted while open),
// system, type, updates [{id (index), status, text, timestamp}], status
// (omitted when unset). Maintenance "description" rows of seed data are
// not updates here.
Json V2Event(const ApiEvent& event);

// Whether `status` is one an event of `type` may be given; `closed` tells
// a closed incident (which takes only "reopened" and "changed").
bool V2StatusAllowed(const std::string& type, const std::string& status,
                     bool closed);

// What the v2 handlers (v2_components.cc, v2_events.cc,
// v2_availability.cc) share.
namespace v2 {

inline constexpr char kImpactRule[] =
    "impact must be 0 for type 'maintenance' or 'info' and gt 0 for "
    "'incident'";

// An error response in the v2 shape: {"errMsg": message}.
Response Fail(int status, const std::string& message);

// The number of UTF-8 characters of `text`.
size_t Utf8Length(const std::string& text);

// A positive decimal id, or nullopt.
std::optional<int64_t> ParseId(const std::string& text);

// Whether `type` is an event type: incident, maintenance or info.
bool IsType(const std::string& type);

// Whether `impact` suits `type`: 1..3 for an incident, 0 for the others
// (kImpactRule says so).
bool ImpactFits(const std::string& type, long long impact);

// The fields of a JSON object body, checked one by one; the first problem
// is kept, naming its field.
class Fields {
 public:
  explicit Fields(const Json& body) : body_(body) {}

  const std::string& error() const { return error_; }
  bool ok() const { return error_.empty(); }
  // Keeps `message` unless a problem was already found.
  void Fail(const std::string& message) {
    if (error_.empty()) error_ = message;
  }

  // Fails on a member not in `names`.
  void Allow(std::initializer_list<const char*> names);
  // Whether the member is present and not null.
  bool Has(const char* name) const;
  // A string member (a required one not empty); `max_length` in
  // characters, 0 for no limit.
  std::optional<std::string> Text(const char* name, bool required,
                                  size_t max_length);
  // An integer member; unsigned values above 10^12 read as 10^12.
  std::optional<long long> Integer(const char* name, bool required);
  // A boolean member; absent and null are nullopt.
  std::optional<bool> Bool(const char* name);
  // An RFC 3339 time, as database time.
  std::optional<std::string> Time(const char* name, bool required);
  // A non-empty list of positive component ids, duplicates dropped.
  std::optional<std::vector<int64_t>> Ids(const char* name, bool required);

 private:
  const Json& body_;
  std::string error_;
};

// The body as a JSON object, or the 400 to answer.
std::optional<Json> ReadObject(const ApiCall& call, Response* error);

// The updates a v2 client sees: maintenance descriptions of seed data
// are not among them.
std::vector<const ApiUpdate*> VisibleUpdates(const ApiEvent& event);

}  // namespace v2
}  // namespace sdb

#endif  // SDB_LIB_API_V2_H_
