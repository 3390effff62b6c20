// Query strings and form bodies: sdb::ParseRequest (cgicc underneath) on
// a GET query and a POST body, then what the operator forms read from the
// result (web/forms.h) and the way-back checks (IsLocalPath, LocalPathOr).
//
// Input: the query string, a line break, the body. A body that starts
// with "--" is sent as multipart/form-data with the rest of its first line
// as the boundary; any other body as application/x-www-form-urlencoded.
#include <cctype>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "web/forms.h"
#include "web/http.h"

namespace {

void CheckRequest(const sdb::Request& request) {
  // Every form field is a parameter too.
  for (const auto& [name, value] : request.form) {
    FUZZ_ASSERT(request.params.count(name) > 0);
  }
  std::string next = sdb::LocalPathOr(request.Param("next"));
  FUZZ_ASSERT(sdb::IsLocalPath(next));
  FUZZ_ASSERT(next.size() <= sdb::kMaxLocalPath);
  if (auto back = request.Param("back"); back && sdb::IsLocalPath(*back)) {
    FUZZ_ASSERT((*back)[0] == '/');
    FUZZ_ASSERT(back->size() < 2 || ((*back)[1] != '/' && (*back)[1] != '\\'));
  }

  std::string title, impact, id, start, end, message;
  sdb::ReadFormFields(request, {{"title", &title},
                                {"impact", &impact},
                                {"id", &id},
                                {"start_date", &start},
                                {"end_date", &end},
                                {"message", &message}});
  sdb::FieldErrors errors;
  std::string trimmed = sdb::TrimBlanks(title);
  FUZZ_ASSERT(trimmed.size() <= title.size());
  sdb::CheckTitle(trimmed, &errors);
  (void)sdb::CharCount(message);
  if (auto key = sdb::ParseImpactKey(impact)) {
    FUZZ_ASSERT(*key >= 0 && *key <= 3);
  }
  if (auto value = sdb::ParsePositiveId(id)) {
    FUZZ_ASSERT(*value > 0);
    for (char c : id) FUZZ_ASSERT(std::isdigit(static_cast<unsigned char>(c)));
  }
  sdb::DisplayZone zone = sdb::FormZone(request, &errors);
  const std::string now = "2026-11-28 14:30:17";
  for (const std::string* value : {&start, &end}) {
    if (auto time = sdb::FormTime(*value, zone, now, "start_date", &errors)) {
      FUZZ_ASSERT(sdb::ParseDbTime(*time).has_value());
    }
  }

  // A value encoded with UrlEncode reads back as itself.
  for (const std::string* value : {&title, &message}) {
    sdb_fuzz::Vars vars = {{"REQUEST_METHOD", "GET"},
                           {"QUERY_STRING", "v=" + sdb::UrlEncode(*value)}};
    auto again = sdb_fuzz::Parse(vars, "");
    FUZZ_ASSERT(again && again->Param("v").value_or("") == *value);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto [query, body] = sdb_fuzz::SplitLine(sdb_fuzz::Text(data, size));
  std::string content_type = "application/x-www-form-urlencoded";
  if (body.rfind("--", 0) == 0) {
    std::string boundary = body.substr(2, body.find_first_of("\r\n") - 2);
    content_type = "multipart/form-data; boundary=" + boundary;
  }
  {
    sdb_fuzz::Vars vars = {{"REQUEST_METHOD", "GET"},
                           {"QUERY_STRING", query},
                           {"DOCUMENT_URI", "/incidents/new"}};
    if (auto request = sdb_fuzz::Parse(vars, "")) CheckRequest(*request);
  }
  {
    sdb_fuzz::Vars vars = {{"REQUEST_METHOD", "POST"},
                           {"QUERY_STRING", query},
                           {"CONTENT_TYPE", content_type},
                           {"DOCUMENT_URI", "/incidents/new"}};
    if (auto request = sdb_fuzz::Parse(vars, body)) CheckRequest(*request);
  }
  return 0;
}
