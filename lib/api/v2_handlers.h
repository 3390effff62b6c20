// The v2 handlers that AddV2Routes (v2.cc) puts in the dispatch table, one
// file per resource: v2_components.cc, v2_events.cc, v2_availability.cc.
// Internal to lib/api.
#ifndef SDB_LIB_API_V2_HANDLERS_H_
#define SDB_LIB_API_V2_HANDLERS_H_

#include "api/api.h"

namespace sdb {

// v2_components.cc: GET /v2/components, GET /v2/components/{id},
// POST /v2/components.
Response V2GetComponents(ApiCall& call);
Response V2GetComponent(ApiCall& call);
Response V2PostComponent(ApiCall& call);

// v2_events.cc: GET and POST /v2/events, GET and PATCH /v2/events/{id},
// POST /v2/events/{id}/extract, PATCH /v2/events/{id}/updates/{index},
// and the deprecated GET /v2/incidents.
Response V2GetEvents(ApiCall& call);
Response V2GetIncidentsDeprecated(ApiCall& call);
Response V2GetEvent(ApiCall& call);
Response V2PostEvent(ApiCall& call);
Response V2PatchEvent(ApiCall& call);
Response V2ExtractEvent(ApiCall& call);
Response V2PatchUpdate(ApiCall& call);

// v2_availability.cc: GET /v2/availability.
Response V2GetAvailability(ApiCall& call);

}  // namespace sdb

#endif  // SDB_LIB_API_V2_HANDLERS_H_
