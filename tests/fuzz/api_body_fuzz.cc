// The JSON request bodies of the monitoring API: v1 POST component_status
// (ParseJsonBody, ValidateV1Report) and the v2 bodies (POST /v2/events,
// PATCH /v2/events/{id}, POST .../extract, PATCH .../updates/{index},
// POST /v2/components: ReadObject and v2::Fields in the handlers), sent
// through sdb::HandleApiRequest with a good bearer token.
//
// The handlers check a body completely before they write. The database is
// a migrated in-memory one without components or events, so a valid body
// ends at "component not found" / "event does not exist" and writes
// nothing; only POST /v2/components can create a row, and after any
// successful write the database is made afresh, so every input meets the
// same empty database.
//
// Input: "METHOD PATH" on the first line ("POST /v2/events"), then the
// body.
#include <cstdint>
#include <memory>
#include <string>

#include "api/api.h"
#include "api/v1.h"
#include "base/config.h"
#include "base/jwt.h"
#include "base/log.h"
#include "fuzz_support.h"
#include "store/db.h"

namespace {

struct Fixture {
  Fixture() {
    config.secret_key = "fuzz-secret";
    token = sdb::SignToken(R"({"stackmon":"fuzz"})", config.secret_key);
    Reset();
  }
  void Reset() {
    env.reset();
    db = std::make_unique<sdb::Database>(":memory:",
                                         sdb::Database::Mode::kReadWriteCreate);
    sdb::Migrate(*db);
    env = std::make_unique<sdb::ApiEnv>(
        sdb::ApiEnv{*db, config, log, 1795892700});
  }

  sdb::Config config;
  sdb::Logger log{"api_body_fuzz", "error"};
  std::string token;
  std::unique_ptr<sdb::Database> db;
  std::unique_ptr<sdb::ApiEnv> env;
};

Fixture& TheFixture() {
  static Fixture* fixture = new Fixture;
  return *fixture;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = TheFixture();
  auto [line, body] = sdb_fuzz::SplitLine(sdb_fuzz::Text(data, size));
  size_t space = line.find(' ');
  if (space == std::string::npos) return 0;

  // The pure checks on their own, whatever the route.
  if (auto json = sdb::ParseJsonBody(body)) {
    sdb::V1Report report;
    sdb::Json errors = sdb::ValidateV1Report(*json, &report);
    FUZZ_ASSERT(errors.is_object());
    if (errors.empty()) FUZZ_ASSERT(json->is_object());
    (void)sdb::JsonText(errors);
  }

  sdb::Request request;
  request.method = line.substr(0, space);
  request.path = line.substr(space + 1);
  request.content_type = "application/json";
  request.body = body;
  request.headers["authorization"] = "Bearer " + f.token;
  sdb::Response response = sdb::HandleApiRequest(*f.env, request);
  FUZZ_ASSERT(response.status >= 200 && response.status < 600);
  FUZZ_ASSERT(response.status != 500);
  bool read = request.method == "GET" || request.method == "HEAD" ||
              request.method == "OPTIONS";
  if (!read && response.status < 300) f.Reset();
  return 0;
}
