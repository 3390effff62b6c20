// Cookie headers: sdb::ParseRequest reads HTTP_COOKIE through cgicc into
// Request::cookies; the pages then take the visitor's zone from it
// (RequestZone) and the frame the session cookie.
//
// Input: the Cookie header value.
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "web/http.h"
#include "web/page.h"
#include "web/session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sdb_fuzz::Vars vars = {{"REQUEST_METHOD", "GET"},
                         {"DOCUMENT_URI", "/"},
                         {"HTTP_COOKIE", sdb_fuzz::Text(data, size)}};
  auto parsed = sdb_fuzz::Parse(vars, "");
  if (!parsed) return 0;
  const sdb::Request& request = *parsed;
  sdb::DisplayZone zone = sdb::RequestZone(request);
  // The zone is UTC or one of the zones the site offers.
  FUZZ_ASSERT(sdb::DisplayZone::Find(zone.name()).has_value());
  auto session = request.cookies.find(sdb::kSessionCookie);
  if (session != request.cookies.end()) {
    std::string set_cookie = sdb::SessionCookie(session->second, false, 0);
    FUZZ_ASSERT(set_cookie.rfind(std::string(sdb::kSessionCookie) + "=", 0) ==
                0);
  }
  return 0;
}
