// API v1: the seed's Flask API, served at /api/v1/* and /v1/*.
#ifndef SDB_LIB_API_V1_H_
#define SDB_LIB_API_V1_H_

#include <string>
#include <utility>
#include <vector>

#include "api/api.h"
#include "store/events.h"

namespace sdb {

// The body of POST component_status after validation.
struct V1Report {
  std::string name;
  long long impact = 0;
  std::string text = "Incident";  // the seed's default title
  std::vector<std::pair<std::string, std::string>> attributes;  // in order
};

// Validates a POST component_status body as the seed's marshmallow schema
// does: name (string) and impact (integer) required, text (string) and
// attributes (list of {name, value} strings) optional, unknown fields
// refused. Returns the errors object of the 422 body ({"impact": ["Missing
// data for required field."], ...}); empty when `body` is valid, and then
// `report` is filled.
Json ValidateV1Report(const Json& body, V1Report* report);

// An event in the v1 IncidentSchema shape: id, text, impact, start_date,
// end_date ("YYYY-MM-DD HH:MM" UTC, null while open), updates newest first.
// The GET handlers write the same shape as text (api_v1.cc): a unit test
// holds the two byte for byte equal.
Json V1Incident(const ApiEvent& event);

Response V1GetComponentStatus(ApiCall& call);
Response V1PostComponentStatus(ApiCall& call);
Response V1GetIncidents(ApiCall& call);

}  // namespace sdb

#endif  // SDB_LIB_API_V1_H_
