// Unit tests of the Serve frame's response writing (web/serve.h):
// FinishHeaders (security headers, lengths, conditional requests, HEAD)
// and BodyEtag.
#include "web/serve.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>

#include "test_support.h"
#include "web/http.h"

namespace {

// FinishHeaders' output and the body after it, split into the status
// line, headers and body.
struct Written {
  std::string status;  // "200 OK"
  std::multimap<std::string, std::string> headers;
  std::string body;

  bool Has(const std::string& name) const { return headers.count(name) > 0; }
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// What Serve writes: the header block, then the body that is left.
std::string Output(const sdb::Request& request, sdb::Response& response) {
  std::string out = sdb::FinishHeaders(request, response);
  return out + response.body;
}

Written Split(const std::string& out) {
  Written w;
  auto end = out.find("\r\n\r\n");
  BOOST_TEST_REQUIRE(end != std::string::npos);
  w.body = out.substr(end + 4);
  size_t start = 0;
  while (start < end) {
    size_t eol = out.find("\r\n", start);
    std::string line = out.substr(start, eol - start);
    auto colon = line.find(": ");
    BOOST_TEST_REQUIRE(colon != std::string::npos, line);
    std::string name = line.substr(0, colon);
    std::string value = line.substr(colon + 2);
    if (name == "Status") {
      w.status = value;
    } else {
      w.headers.emplace(name, value);
    }
    start = eol + 2;
  }
  return w;
}

constexpr long long kModified = 1795892700;  // Sat, 28 Nov 2026 19:05:00 GMT

// A GET request with `headers` (lower-case names) and a page to answer it.
Written Finish(const std::string& method,
               const std::map<std::string, std::string>& headers,
               const std::string& body = "<p>hello</p>") {
  sdb::Request request;
  request.method = method;
  request.path = "/";
  request.headers = headers;
  sdb::Response response;
  response.body = body;
  response.last_modified = kModified;
  response.headers.emplace_back("ETag", sdb::BodyEtag(body));
  return Split(Output(request, response));
}

using sdb_test::Contains;

}  // namespace

BOOST_AUTO_TEST_SUITE(serve)

BOOST_AUTO_TEST_CASE(finish_response_security_headers_and_length) {
  Written w = Finish("GET", {});
  BOOST_TEST(w.status == "200 OK");
  BOOST_TEST(w.body == "<p>hello</p>");
  BOOST_TEST(w.Header("Content-Length") == "12");
  BOOST_TEST(w.Header("Content-Type") == "text/html; charset=utf-8");
  BOOST_TEST(w.Header("ETag") == sdb::BodyEtag("<p>hello</p>"));
  BOOST_TEST(w.Header("Last-Modified") == "Sat, 28 Nov 2026 19:05:00 GMT");
  BOOST_TEST(w.Header("X-Content-Type-Options") == "nosniff");
  std::string csp = w.Header("Content-Security-Policy");
  BOOST_TEST(Contains(csp, "default-src 'none'"), csp);
  BOOST_TEST(Contains(csp, "frame-ancestors 'none'"), csp);
  BOOST_TEST(!Contains(csp, "script-src"), csp);
  BOOST_TEST(!Contains(csp, "unsafe-inline"), csp);
  BOOST_TEST(!Contains(csp, "unsafe-eval"), csp);
}

BOOST_AUTO_TEST_CASE(finish_response_error_status_keeps_security_headers) {
  sdb::Request request;
  request.method = "POST";
  sdb::Response response;
  response.status = 404;
  response.body = "not here";
  Written w = Split(Output(request, response));
  BOOST_TEST(w.status == "404 Not Found");
  BOOST_TEST(w.Has("Content-Security-Policy"));
  BOOST_TEST(w.Header("X-Content-Type-Options") == "nosniff");
  BOOST_TEST(w.Header("Content-Length") == "8");
  BOOST_TEST(!w.Has("Last-Modified"));
  BOOST_TEST(w.body == "not here");
}

BOOST_AUTO_TEST_CASE(conditional_requests) {
  const std::string etag = sdb::BodyEtag("<p>hello</p>");
  const std::string bare = etag.substr(1, etag.size() - 2);  // no quotes
  struct Case {
    const char* name;
    std::map<std::string, std::string> headers;
    bool not_modified;
  };
  const Case kCases[] = {
      {"no validators", {}, false},
      {"matching etag", {{"if-none-match", etag}}, true},
      {"etag in a list", {{"if-none-match", "\"other\", " + etag}}, true},
      {"etag in a list without spaces",
       {{"if-none-match", "\"a\"," + etag + ",\"b\""}},
       true},
      {"weak form", {{"if-none-match", "W/" + etag}}, true},
      {"star", {{"if-none-match", "*"}}, true},
      {"other etag", {{"if-none-match", "\"other\""}}, false},
      {"unquoted etag", {{"if-none-match", bare}}, false},
      {"since equal to last-modified",
       {{"if-modified-since", "Sat, 28 Nov 2026 19:05:00 GMT"}},
       true},
      {"since after last-modified",
       {{"if-modified-since", "Sun, 29 Nov 2026 00:00:00 GMT"}},
       true},
      {"since before last-modified",
       {{"if-modified-since", "Sat, 28 Nov 2026 19:04:59 GMT"}},
       false},
      {"malformed since", {{"if-modified-since", "yesterday"}}, false},
      // If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
      {"etag mismatch beats a fresh date",
       {{"if-none-match", "\"other\""},
        {"if-modified-since", "Sun, 29 Nov 2026 00:00:00 GMT"}},
       false},
  };
  for (const auto& c : kCases) {
    for (const char* method : {"GET", "HEAD"}) {
      BOOST_TEST_CONTEXT(method << ", " << c.name) {
        Written w = Finish(method, c.headers);
        if (c.not_modified) {
          BOOST_TEST(w.status == "304 Not Modified");
          BOOST_TEST(w.body.empty());
          BOOST_TEST(!w.Has("Content-Length"));
          BOOST_TEST(w.Header("ETag") == etag);
        } else {
          BOOST_TEST(w.status == "200 OK");
          BOOST_TEST(w.Header("Content-Length") == "12");
        }
        BOOST_TEST(w.Has("Content-Security-Policy"));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(post_is_never_not_modified) {
  Written w = Finish("POST", {{"if-none-match", "*"}});
  BOOST_TEST(w.status == "200 OK");
  BOOST_TEST(w.body == "<p>hello</p>");
}

BOOST_AUTO_TEST_CASE(head_has_headers_but_no_body) {
  Written w = Finish("HEAD", {});
  BOOST_TEST(w.status == "200 OK");
  BOOST_TEST(w.Header("Content-Length") == "12");
  BOOST_TEST(w.body.empty());
}

BOOST_AUTO_TEST_CASE(body_etag_is_stable_and_distinguishes_bodies) {
  BOOST_TEST(sdb::BodyEtag("abc") == sdb::BodyEtag("abc"));
  BOOST_TEST(sdb::BodyEtag("abc") != sdb::BodyEtag("abd"));
  BOOST_TEST(sdb::BodyEtag("") != sdb::BodyEtag(" "));
  BOOST_TEST(sdb::BodyEtag("<p>1</p>") != sdb::BodyEtag("<p>2</p>"));
  std::string etag = sdb::BodyEtag("abc");
  BOOST_TEST(etag.size() > 2u);
  BOOST_TEST(etag.front() == '"');
  BOOST_TEST(etag.back() == '"');
}

BOOST_AUTO_TEST_SUITE_END()
