// Unit tests of the request/response layer (web/http.h): ParseRequest
// from CGI variables (parameters, bodies, cookies, HTTPS, paths),
// StatusText and UrlEncode.
#include "web/http.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace {

using Vars = std::map<std::string, std::string>;

std::string MapVar(const void* context, const char* name) {
  const Vars& vars = *static_cast<const Vars*>(context);
  auto it = vars.find(name);
  return it == vars.end() ? std::string() : it->second;
}

sdb::Request Parse(const Vars& vars, std::string body = "") {
  return sdb::ParseRequest(MapVar, &vars, std::move(body));
}

std::vector<std::string> Values(const sdb::Request& request,
                                const std::string& name) {
  std::vector<std::string> values;
  auto [begin, end] = request.params.equal_range(name);
  for (auto it = begin; it != end; ++it) values.push_back(it->second);
  return values;
}

// The first value of parameter `name`, or "<absent>".
std::string ParamOf(const sdb::Request& request, const std::string& name) {
  return request.Param(name).value_or("<absent>");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http)

BOOST_AUTO_TEST_CASE(parse_request_basics) {
  Vars vars = {{"REQUEST_METHOD", "GET"},
               {"DOCUMENT_URI", "/incidents/7"},
               {"QUERY_STRING", "region=EU-DE"},
               {"REMOTE_ADDR", "192.0.2.1"},
               {"REQUEST_ID", "abc123"},
               {"HTTP_HOST", "status.example.com"},
               {"HTTP_IF_NONE_MATCH", "\"etag\""},
               {"HTTP_IF_MODIFIED_SINCE", "Sat, 28 Nov 2026 19:05:00 GMT"},
               {"HTTP_USER_AGENT", "lynx"},
               {"HTTP_AUTHORIZATION", "Bearer token"}};
  sdb::Request r = Parse(vars);
  BOOST_TEST(r.method == "GET");
  BOOST_TEST(r.path == "/incidents/7");
  BOOST_TEST(r.query_string == "region=EU-DE");
  BOOST_TEST(r.remote_addr == "192.0.2.1");
  BOOST_TEST(r.request_id == "abc123");
  BOOST_TEST(r.Header("host") == "status.example.com");
  BOOST_TEST(r.Header("if-none-match") == "\"etag\"");
  BOOST_TEST(r.Header("if-modified-since") == "Sat, 28 Nov 2026 19:05:00 GMT");
  BOOST_TEST(r.Header("user-agent") == "lynx");
  BOOST_TEST(r.Header("authorization") == "Bearer token");
  BOOST_TEST(r.Header("referer") == "");
  BOOST_TEST(r.headers.count("referer") == 0u);
  BOOST_TEST(!r.https);
}

BOOST_AUTO_TEST_CASE(query_parameters) {
  Vars vars = {{"REQUEST_METHOD", "GET"},
               {"DOCUMENT_URI", "/rss/"},
               {"QUERY_STRING",
                "mt=EU-DE&srv=a&srv=b&q=caf%C3%A9%20au+lait&amp=%26%3D%2B"
                "&empty="}};
  sdb::Request r = Parse(vars);
  BOOST_TEST(Values(r, "mt") == std::vector<std::string>{"EU-DE"});
  BOOST_TEST((Values(r, "srv") == std::vector<std::string>{"a", "b"}));
  BOOST_TEST(ParamOf(r, "srv") == "a");
  BOOST_TEST(ParamOf(r, "q") == "caf\xC3\xA9 au lait");
  BOOST_TEST(ParamOf(r, "amp") == "&=+");
  BOOST_TEST(ParamOf(r, "empty") == "");
  BOOST_TEST(!r.Param("missing").has_value());
}

BOOST_AUTO_TEST_CASE(urlencoded_post_body_fields) {
  std::string body = "title=Disk+full&impact=3&components=1&components=2";
  Vars vars = {{"REQUEST_METHOD", "POST"},
               {"DOCUMENT_URI", "/incidents"},
               {"QUERY_STRING", "from=query"},
               {"CONTENT_TYPE", "application/x-www-form-urlencoded"},
               {"CONTENT_LENGTH", std::to_string(body.size())}};
  sdb::Request r = Parse(vars, body);
  BOOST_TEST(r.method == "POST");
  BOOST_TEST(r.body == body);
  BOOST_TEST(ParamOf(r, "title") == "Disk full");
  BOOST_TEST(ParamOf(r, "impact") == "3");
  BOOST_TEST((Values(r, "components") == std::vector<std::string>{"1", "2"}));
  // The query string still counts, and the body is not read twice.
  BOOST_TEST(ParamOf(r, "from") == "query");
  BOOST_TEST(Values(r, "title").size() == 1u);
}

BOOST_AUTO_TEST_CASE(form_content_type_with_charset_is_a_form) {
  std::string body = "a=1";
  Vars vars = {
      {"REQUEST_METHOD", "POST"},
      {"CONTENT_TYPE", "Application/X-WWW-Form-Urlencoded; charset=UTF-8"}};
  BOOST_TEST(ParamOf(Parse(vars, body), "a") == "1");
}

BOOST_AUTO_TEST_CASE(non_form_body_is_not_parsed_as_fields) {
  std::string body = "{\"a\": 1}";
  Vars vars = {{"REQUEST_METHOD", "POST"},
               {"DOCUMENT_URI", "/v1/component_status"},
               {"CONTENT_TYPE", "application/json"}};
  sdb::Request r = Parse(vars, body);
  BOOST_TEST(r.body == body);
  BOOST_TEST(r.params.empty());
}

BOOST_AUTO_TEST_CASE(cookies) {
  Vars vars = {{"REQUEST_METHOD", "GET"},
               {"HTTP_COOKIE", "sdb_session=abc123; theme=dark"}};
  sdb::Request r = Parse(vars);
  BOOST_TEST(r.cookies.size() == 2u);
  BOOST_TEST(r.cookies["sdb_session"] == "abc123");
  BOOST_TEST(r.cookies["theme"] == "dark");
}

// https comes from the web server's HTTPS parameter, and from
// X-Forwarded-Proto only when the client is a trusted proxy; from anyone
// else that header is dropped (it once poisoned feed links).
BOOST_AUTO_TEST_CASE(https_detection) {
  struct Case {
    Vars vars;
    const char* trusted;
    bool https;
    bool header_kept;
  };
  const Case kCases[] = {
      {{}, "", false, false},
      {{{"HTTPS", "on"}}, "", true, false},
      {{{"HTTPS", "ON"}}, "", true, false},
      {{{"HTTPS", "off"}}, "", false, false},
      {{{"HTTP_X_FORWARDED_PROTO", "https"}}, "", false, false},
      {{{"HTTP_X_FORWARDED_PROTO", "https"}, {"REMOTE_ADDR", "192.0.2.7"}},
       "10.0.0.0/8",
       false,
       false},
      {{{"HTTP_X_FORWARDED_PROTO", "https"}, {"REMOTE_ADDR", "10.1.2.3"}},
       "10.0.0.0/8",
       true,
       true},
      {{{"HTTP_X_FORWARDED_PROTO", "HTTPS"}, {"REMOTE_ADDR", "10.1.2.3"}},
       "10.0.0.0/8 ::1",
       true,
       true},
      {{{"HTTP_X_FORWARDED_PROTO", "http"}, {"REMOTE_ADDR", "10.1.2.3"}},
       "10.0.0.0/8",
       false,
       true},
  };
  for (const auto& c : kCases) {
    Vars vars = c.vars;
    vars["REQUEST_METHOD"] = "GET";
    BOOST_TEST_CONTEXT(
        "HTTPS=" << MapVar(&vars, "HTTPS") << " X-Forwarded-Proto="
                 << MapVar(&vars, "HTTP_X_FORWARDED_PROTO") << " from "
                 << MapVar(&vars, "REMOTE_ADDR") << " trusting " << c.trusted) {
      sdb::Request request = Parse(vars);
      sdb::TrustForwardedProto(c.trusted, request);
      BOOST_TEST(request.https == c.https);
      BOOST_TEST(!request.Header("x-forwarded-proto").empty() == c.header_kept);
    }
  }
}

BOOST_AUTO_TEST_CASE(path_sources) {
  struct Case {
    Vars vars;
    const char* path;
  };
  const Case kCases[] = {
      {{{"DOCUMENT_URI", "/history"}}, "/history"},
      // DOCUMENT_URI wins over SCRIPT_NAME + PATH_INFO.
      {{{"DOCUMENT_URI", "/history"},
        {"SCRIPT_NAME", "/cgi-bin/history"},
        {"PATH_INFO", "/x"}},
       "/history"},
      {{{"SCRIPT_NAME", "/incidents"}, {"PATH_INFO", "/7"}}, "/incidents/7"},
      {{{"SCRIPT_NAME", "/availability"}}, "/availability"},
      {{{"PATH_INFO", "/index"}}, "/index"},
      {{}, "/"},
  };
  for (const auto& c : kCases) {
    Vars vars = c.vars;
    vars["REQUEST_METHOD"] = "GET";
    BOOST_TEST_CONTEXT("expected path " << c.path) {
      BOOST_TEST(Parse(vars).path == c.path);
    }
  }
}

BOOST_AUTO_TEST_CASE(status_text) {
  struct Case {
    int status;
    const char* text;
  };
  const Case kCases[] = {
      {200, "OK"},
      {304, "Not Modified"},
      {400, "Bad Request"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {413, "Content Too Large"},
      {422, "Unprocessable Entity"},
      {500, "Internal Server Error"},
      {999, "Unknown"},
  };
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT("status " << c.status) {
      BOOST_TEST(std::string(sdb::StatusText(c.status)) == c.text);
    }
  }
}

BOOST_AUTO_TEST_CASE(url_encode_round_trips_through_parse_request) {
  const std::string value = "EU-DE & Co/a=b+c d";
  Vars vars = {{"REQUEST_METHOD", "GET"},
               {"QUERY_STRING", "region=" + sdb::UrlEncode(value)}};
  BOOST_TEST(ParamOf(Parse(vars), "region") == value);
}

BOOST_AUTO_TEST_CASE(only_local_paths_are_ways_back) {
  for (const char* good :
       {"/", "/incidents/7?x=1", "/history?region=EU-DE&before=2024#top",
        "/?tz=Europe%2FBerlin", "/a/b/", "/%41"}) {
    BOOST_TEST(sdb::LocalPathOr(std::string(good)) == good, good);
  }
  // Other sites, and every way a browser reads a path as one: a second
  // leading slash or backslash (sent or percent-encoded, or after a TAB or
  // other control character browsers drop), control characters, spaces,
  // quotes and NUL (which nginx refuses in a header: a 502).
  for (std::string bad : {"",
                          "https://evil.example/",
                          "//evil.example",
                          "/\\evil.example",
                          "history",
                          "/a\r\nSet-Cookie: x",
                          "/\t/evil.example",
                          "/%09/evil.example",
                          "/%2F/evil.example",
                          "/%2f/evil.example",
                          "/%5C/evil.example",
                          "/\n/evil.example",
                          "/a b",
                          "/\"x\"",
                          "/<x>",
                          "/%",
                          "/%4",
                          "/%zz",
                          "/ok%00",
                          "/caf\xc3\xa9",
                          "/a\x7f"}) {
    BOOST_TEST(sdb::LocalPathOr(bad) == "/", bad);
  }
  BOOST_TEST(sdb::LocalPathOr(std::string("/a\0/evil", 9)) == "/");
  BOOST_TEST(sdb::LocalPathOr(std::nullopt) == "/");
  // Bounded: a local path of at most kMaxLocalPath bytes.
  std::string longest = "/" + std::string(sdb::kMaxLocalPath - 1, 'a');
  BOOST_TEST(sdb::LocalPathOr(longest) == longest);
  BOOST_TEST(sdb::LocalPathOr(longest + "a") == "/");
}

BOOST_AUTO_TEST_CASE(form_fields_come_from_the_body_alone) {
  sdb::Request request =
      Parse({{"REQUEST_METHOD", "POST"},
             {"QUERY_STRING", "csrf_token=from-url&a=1"},
             {"CONTENT_TYPE", "application/x-www-form-urlencoded"},
             {"CONTENT_LENGTH", "12"}},
            "title=Hi&a=2");
  BOOST_TEST(ParamOf(request, "csrf_token") == "from-url");
  BOOST_TEST(!request.FormField("csrf_token").has_value());
  BOOST_TEST(request.FormField("title").value_or("") == "Hi");
  BOOST_TEST(request.FormField("a").value_or("") == "2");
  sdb::Request get =
      Parse({{"REQUEST_METHOD", "GET"}, {"QUERY_STRING", "csrf_token=x"}});
  BOOST_TEST(get.form.empty());
}

BOOST_AUTO_TEST_SUITE_END()
