// The API's OpenAPI 3.1 document, served at /api-spec.json (the seed's
// path) and /openapi.json.
#ifndef SDB_LIB_API_OPENAPI_H_
#define SDB_LIB_API_OPENAPI_H_

#include "api/api.h"

namespace sdb {

// The document: every route of ApiRoutes() with its parameters, bodies and
// responses.
const Json& OpenApiDocument();

Response HandleOpenApi(ApiCall& call);

}  // namespace sdb

#endif  // SDB_LIB_API_OPENAPI_H_
