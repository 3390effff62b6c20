// The request/response layer: a Request parsed with cgicc from FastCGI or
// CGI variables, and the Response a handler returns. Serve (serve.h) owns
// the I/O; handlers only see these two values.
#ifndef SDB_LIB_WEB_HTTP_H_
#define SDB_LIB_WEB_HTTP_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/model.h"

namespace sdb {

struct Config;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query, e.g. "/incidents/7"
  std::string query_string;  // raw, as received
  std::string content_type;
  std::string body;  // raw body (already checked against the cap)
  std::string remote_addr;
  std::string request_id;
  bool https = false;       // HTTPS=on, or X-Forwarded-Proto: https
  std::string server_port;  // SERVER_PORT: the port the request came in on
  // Query parameters, then form fields of a urlencoded or multipart body;
  // for each name the values in order of appearance.
  std::multimap<std::string, std::string> params;
  // The fields of a urlencoded or multipart POST body alone (also in
  // params): where a value that must never travel in a URL is read from.
  std::multimap<std::string, std::string> form;
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> headers;  // lower-case names
  // Set by Serve when the session cookie names a live session.
  std::optional<Operator> signed_in;

  // The first value of `name`, or nullopt when absent.
  std::optional<std::string> Param(const std::string& name) const;
  // The first value of body field `name` (never the query), or nullopt.
  std::optional<std::string> FormField(const std::string& name) const;
  // A request header by lower-case name ("if-none-match"), or "".
  std::string Header(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Unix time of the last change of what the page shows, 0 if unknown;
  // Serve turns it into Last-Modified.
  long long last_modified = 0;
};

// The reason phrase of an HTTP status code ("Not Found").
const char* StatusText(int status);

// Builds a Request from CGI variables (`getenv`) and the raw body. Parses
// the query string, and the body when it is a form, with cgicc.
using GetVar = std::string (*)(const void* context, const char* name);
Request ParseRequest(GetVar get_var, const void* context, std::string body);

// X-Forwarded-Proto from one of `trusted_proxies` (SDB_TRUSTED_PROXIES,
// netaddr.h networks) marks `request` https when it says so; from anyone
// else the header is dropped, so it changes nothing (links, cache keys).
void TrustForwardedProto(const std::string& trusted_proxies, Request& request);

// The decoded request path from CGI variables: DOCUMENT_URI (nginx), else
// SCRIPT_NAME + PATH_INFO (Apache, plain CGI), else "/".
std::string RequestPath(GetVar get_var, const void* context);

// A 303 See Other to `location` (after a form POST, a sign-in, ...).
Response SeeOther(const std::string& location);

// The longest way back kept (`back`, `next`): a local page's path and query.
inline constexpr size_t kMaxLocalPath = 512;

// Whether `path` is a path on this site ("/incidents/7?x=1") that every
// browser reads as one: it starts with one "/", holds only URL-safe ASCII
// (no space, control character, backslash or quote), its percent escapes
// are well formed, and decoded it has no control character and no second
// leading "/" or "\". At most kMaxLocalPath bytes.
bool IsLocalPath(std::string_view path);

// `candidate` when IsLocalPath, else "/": where redirects may send a
// visitor back to (never another site).
std::string LocalPathOr(const std::optional<std::string>& candidate);

// Percent-encodes `text` for use in a query string value.
std::string UrlEncode(const std::string& text);

// The address absolute links start with: SDB_BASE_URL when set, else the
// request's scheme and Host header (a Host with characters no host name
// has is replaced by "localhost"), plus SERVER_PORT when the Host has no
// port, the port is not the scheme's default and no proxy forwarded the
// request (X-Forwarded-Proto).
std::string BaseUrl(const Config& config, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_WEB_HTTP_H_
