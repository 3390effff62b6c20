// The request/response layer: see http.h.
#include "web/http.h"

#include <cgicc/CgiEnvironment.h>
#include <cgicc/CgiInput.h>
#include <cgicc/CgiUtils.h>
#include <cgicc/Cgicc.h>

#include <algorithm>
#include <cstring>

#include "base/config.h"
#include "base/netaddr.h"

namespace sdb {
namespace {

// Feeds cgicc from our variables and body. With `as_get` it reports a GET
// without a body, so cgicc parses the query string; otherwise it reports
// the real method and hands over the body.
class VarsInput : public cgicc::CgiInput {
 public:
  VarsInput(GetVar get_var, const void* context, const std::string& body,
            bool as_get)
      : get_var_(get_var), context_(context), body_(body), as_get_(as_get) {}

  size_t read(char* data, size_t length) override {
    size_t n = std::min(length, body_.size() - offset_);
    std::memcpy(data, body_.data() + offset_, n);
    offset_ += n;
    return n;
  }

  std::string getenv(const char* name) override {
    if (as_get_) {
      if (std::strcmp(name, "REQUEST_METHOD") == 0) return "GET";
      if (std::strcmp(name, "CONTENT_LENGTH") == 0) return "0";
    } else {
      if (std::strcmp(name, "CONTENT_LENGTH") == 0) {
        return std::to_string(body_.size());
      }
      if (std::strcmp(name, "QUERY_STRING") == 0) return "";
    }
    return get_var_(context_, name);
  }

 private:
  GetVar get_var_;
  const void* context_;
  const std::string& body_;
  bool as_get_;
  size_t offset_ = 0;
};

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsForm(const std::string& content_type) {
  std::string type = Lower(content_type.substr(0, content_type.find(';')));
  return type == "application/x-www-form-urlencoded" ||
         type == "multipart/form-data";
}

}  // namespace

namespace {

std::optional<std::string> FirstValue(
    const std::multimap<std::string, std::string>& values,
    const std::string& name) {
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<std::string> Request::Param(const std::string& name) const {
  return FirstValue(params, name);
}

std::optional<std::string> Request::FormField(const std::string& name) const {
  return FirstValue(form, name);
}

std::string Request::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

const char* StatusText(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

std::string RequestPath(GetVar get_var, const void* context) {
  // nginx passes the normalised, decoded path as DOCUMENT_URI; Apache
  // (mod_proxy_fcgi, mod_fcgid, mod_cgid) and plain CGI servers give it
  // decoded as SCRIPT_NAME + PATH_INFO.
  std::string path = get_var(context, "DOCUMENT_URI");
  if (path.empty()) {
    path = get_var(context, "SCRIPT_NAME") + get_var(context, "PATH_INFO");
  }
  return path.empty() ? "/" : path;
}

void TrustForwardedProto(const std::string& trusted_proxies, Request& request) {
  auto header = request.headers.find("x-forwarded-proto");
  if (header == request.headers.end()) return;
  bool trusted =
      !trusted_proxies.empty() && !request.remote_addr.empty() &&
      NetworkList::Parse(trusted_proxies).Contains(request.remote_addr);
  if (!trusted) {
    request.headers.erase(header);  // as if the client had not sent it
    return;
  }
  if (Lower(header->second) == "https") request.https = true;
}

Request ParseRequest(GetVar get_var, const void* context, std::string body) {
  Request request;
  request.method = get_var(context, "REQUEST_METHOD");
  request.query_string = get_var(context, "QUERY_STRING");
  request.content_type = get_var(context, "CONTENT_TYPE");
  request.remote_addr = get_var(context, "REMOTE_ADDR");
  request.request_id = get_var(context, "REQUEST_ID");
  // Apache's mod_unique_id names each request UNIQUE_ID.
  if (request.request_id.empty()) {
    request.request_id = get_var(context, "UNIQUE_ID");
  }
  request.server_port = get_var(context, "SERVER_PORT");
  request.path = RequestPath(get_var, context);
  request.body = std::move(body);

  static const char* const kHeaders[][2] = {
      {"HTTP_IF_NONE_MATCH", "if-none-match"},
      {"HTTP_IF_MODIFIED_SINCE", "if-modified-since"},
      {"HTTP_ORIGIN", "origin"},
      {"HTTP_REFERER", "referer"},
      {"HTTP_HOST", "host"},
      {"HTTP_AUTHORIZATION", "authorization"},
      {"HTTP_X_FORWARDED_PROTO", "x-forwarded-proto"},
      {"HTTP_USER_AGENT", "user-agent"},
      {"HTTP_ACCEPT", "accept"},
  };
  for (const auto& [var, name] : kHeaders) {
    std::string value = get_var(context, var);
    if (!value.empty()) request.headers[name] = value;
  }
  // The web server's own word; X-Forwarded-Proto counts only from a
  // trusted proxy (TrustForwardedProto, after the settings are known).
  request.https = Lower(get_var(context, "HTTPS")) == "on";

  {
    VarsInput input(get_var, context, request.body, /*as_get=*/true);
    cgicc::Cgicc query(&input);
    for (const auto& entry : query.getElements()) {
      request.params.emplace(entry.getName(), entry.getValue());
    }
    for (const auto& cookie : query.getEnvironment().getCookieList()) {
      request.cookies.emplace(cookie.getName(), cookie.getValue());
    }
  }
  if (request.method == "POST" && IsForm(request.content_type)) {
    VarsInput input(get_var, context, request.body, /*as_get=*/false);
    cgicc::Cgicc form(&input);
    for (const auto& entry : form.getElements()) {
      request.params.emplace(entry.getName(), entry.getValue());
      request.form.emplace(entry.getName(), entry.getValue());
    }
  }
  return request;
}

Response SeeOther(const std::string& location) {
  Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", location);
  response.body = "See " + location + "\n";
  return response;
}

namespace {

// The characters a way-back path may hold as sent: RFC 3986's unreserved
// and sub-delims, and ":@/?#%". No space, control, backslash, quote or
// non-ASCII byte, so nothing a browser might read as something else.
bool IsUrlSafe(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9'))
    return true;
  return std::string_view("-._~!$&'()*+,;=:@/?#%").find(c) !=
         std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool IsLocalPath(std::string_view path) {
  if (path.empty() || path.size() > kMaxLocalPath || path[0] != '/') {
    return false;
  }
  // Checked as sent and once percent-decoded: "/%2F/x" and "/%09/x" are
  // refused as "//x" and "/<TAB>/x" are.
  size_t decoded = 0;  // characters decoded so far
  for (size_t i = 0; i < path.size(); ++i, ++decoded) {
    char c = path[i];
    if (!IsUrlSafe(c)) return false;
    if (c == '%') {
      if (i + 2 >= path.size()) return false;
      int high = HexValue(path[i + 1]), low = HexValue(path[i + 2]);
      if (high < 0 || low < 0) return false;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
    if (decoded == 1 && (c == '/' || c == '\\')) return false;
  }
  return true;
}

std::string LocalPathOr(const std::optional<std::string>& candidate) {
  return candidate && IsLocalPath(*candidate) ? *candidate : "/";
}

std::string UrlEncode(const std::string& text) {
  return cgicc::form_urlencode(text);
}

std::string BaseUrl(const Config& config, const Request& request) {
  if (!config.base_url.empty()) return config.base_url;
  std::string host = request.Header("host");
  bool plausible = !host.empty() && host.size() <= 255;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' ||
              c == '[' || c == ']' || c == '_';
    if (!ok) plausible = false;
  }
  if (!plausible) host = "localhost";
  // nginx passes the Host without its port ($host): add the port the
  // request came in on unless it is the scheme's own, or a proxy in front
  // (X-Forwarded-Proto) decided the public port.
  const std::string& port = request.server_port;
  bool has_port = host.find(':', host.rfind(']') == std::string::npos
                                     ? 0
                                     : host.rfind(']')) != std::string::npos;
  bool default_port = port == (request.https ? "443" : "80");
  bool forwarded = !request.Header("x-forwarded-proto").empty();
  if (!has_port && !port.empty() && !default_port && !forwarded &&
      port.find_first_not_of("0123456789") == std::string::npos) {
    host += ":" + port;
  }
  return std::string(request.https ? "https://" : "http://") + host;
}

}  // namespace sdb
