// Operator sign-in: see login.h.
#include "signin/login.h"

#include <strings.h>

#include <nlohmann/json.hpp>

#include "base/crypto.h"
#include "base/timeutil.h"
#include "logout.tpl.varnames.h"
#include "signin/http_client.h"
#include "signin/oidc.h"
#include "web/page.h"
#include "web/serve.h"
#include "web/session.h"

namespace sdb {
namespace {

using nlohmann::json;

// Metadata and keys are fetched again after this many seconds.
constexpr long long kDiscoveryLifetime = 3600;

// A sign-in that cannot go on: what the operator reads, and what the log
// gets (never a token, code or secret). Thrown inside this file only and
// turned into the error page by HandleLogin.
struct SignInFailure {
  int status;
  std::string message;
  std::string detail;
};

[[noreturn]] void Fail(int status, std::string message, std::string detail) {
  throw SignInFailure{status, std::move(message), std::move(detail)};
}

const char kProviderDown[] =
    "The sign-in provider cannot be reached right now, so you are not "
    "signed in. Please try again in a few minutes.";
const char kProviderAnswer[] =
    "The sign-in provider's answer could not be verified, so you are not "
    "signed in. Please try again; if it keeps happening, tell the "
    "administrator of this site.";

std::optional<json> JsonObject(const std::string& text) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) return std::nullopt;
  return value;
}

std::string Field(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

std::vector<std::string> Groups(const json& claims) {
  std::vector<std::string> groups;
  auto it = claims.find("groups");
  if (it == claims.end()) return groups;
  if (it->is_string()) groups.push_back(*it);
  if (it->is_array()) {
    for (const auto& group : *it) {
      if (group.is_string()) groups.push_back(group);
    }
  }
  return groups;
}

std::string AddQuery(const std::string& url, const FormFields& fields) {
  std::string out = url;
  char separator = url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : fields) {
    out += separator + UrlEncode(name) + "=" + UrlEncode(value);
    separator = '&';
  }
  return out;
}

// The provider's metadata and keys, kept for the life of the process.
struct ProviderCache {
  std::string issuer;
  OidcMetadata metadata;
  long long fetched_at = 0;
  std::vector<SigningKey> keys;
  long long keys_fetched_at = 0;
};

ProviderCache& Cache() {
  static ProviderCache cache;
  return cache;
}

const OidcMetadata& Discover(const Config& config, long long now) {
  ProviderCache& cache = Cache();
  bool fresh = cache.issuer == config.openid_issuer_url &&
               now - cache.fetched_at < kDiscoveryLifetime;
  if (fresh) return cache.metadata;
  std::string url =
      config.openid_issuer_url + "/.well-known/openid-configuration";
  HttpResult result = HttpGet(url, {"Accept: application/json"});
  std::string why;
  std::optional<OidcMetadata> metadata;
  if (result.ok()) {
    metadata = ParseDiscovery(result.body, config.openid_issuer_url, &why);
  } else {
    why =
        result.status ? "HTTP " + std::to_string(result.status) : result.error;
  }
  if (!metadata) {
    // A provider that is briefly down still has its old metadata.
    if (cache.issuer == config.openid_issuer_url) return cache.metadata;
    Fail(502, kProviderDown, "discovery at " + url + " failed: " + why);
  }
  if (cache.issuer != config.openid_issuer_url) cache.keys.clear();
  cache.issuer = config.openid_issuer_url;
  cache.metadata = *metadata;
  cache.fetched_at = now;
  return cache.metadata;
}

const std::vector<SigningKey>& SigningKeys(const OidcMetadata& metadata,
                                           bool refetch, long long now) {
  ProviderCache& cache = Cache();
  // An unknown key id always refetches: ID tokens come straight from the
  // provider's token endpoint, so only the provider can cause it.
  bool stale = refetch || cache.keys.empty() ||
               now - cache.keys_fetched_at >= kDiscoveryLifetime;
  if (!stale) return cache.keys;
  HttpResult result = HttpGet(metadata.jwks_uri, {"Accept: application/json"});
  std::optional<std::vector<SigningKey>> keys;
  if (result.ok()) keys = ParseJwks(result.body);
  if (!keys || keys->empty()) {
    if (!cache.keys.empty()) return cache.keys;
    Fail(502, kProviderDown,
         "the keys at " + metadata.jwks_uri + " could not be read: " +
             (result.status ? "HTTP " + std::to_string(result.status) +
                                  (keys ? " (no RSA signing key)" : "")
                            : result.error));
  }
  cache.keys = std::move(*keys);
  cache.keys_fetched_at = now;
  return cache.keys;
}

std::string RedirectUri(const App& app, const Request& request,
                        const std::string& provider) {
  return BaseUrl(app.config(), request) + "/auth/" + provider;
}

// An OAuth error answer ({"error": ..., "error_description": ...}) as text.
std::string OAuthError(const HttpResult& result) {
  auto body = JsonObject(result.body);
  std::string text = "HTTP " + std::to_string(result.status);
  if (body) {
    std::string error = Field(*body, "error");
    std::string description = Field(*body, "error_description");
    if (!error.empty()) text += " " + error;
    if (!description.empty()) text += " (" + description + ")";
  }
  return text;
}

Operator FinishOpenId(App& app, const Request& request, const LoginState& login,
                      const std::string& code, long long now) {
  const Config& config = app.config();
  const OidcMetadata& metadata = Discover(config, now);
  // RFC 9207: a provider that names itself in the response must be ours
  // (defends against a mix-up with another provider).
  if (auto iss = request.Param("iss"); iss && *iss != metadata.issuer) {
    Fail(400, kProviderAnswer, "the response names issuer " + *iss);
  }
  FormFields fields = {{"grant_type", "authorization_code"},
                       {"code", code},
                       {"redirect_uri", RedirectUri(app, request, "openid")},
                       {"code_verifier", login.code_verifier}};
  std::string user, password;
  if (config.openid_client_secret.empty() || metadata.secret_in_body) {
    fields.emplace_back("client_id", config.openid_client_id);
    if (!config.openid_client_secret.empty()) {
      fields.emplace_back("client_secret", config.openid_client_secret);
    }
  } else {
    // RFC 6749 §2.3.1: both are form-encoded before Basic encoding.
    user = UrlEncode(config.openid_client_id);
    password = UrlEncode(config.openid_client_secret);
  }
  HttpResult result =
      HttpPostForm(metadata.token_endpoint, fields,
                   {"Accept: application/json"}, user, password);
  if (result.status == 0) {
    Fail(502, kProviderDown, "token endpoint: " + result.error);
  }
  auto tokens = JsonObject(result.body);
  if (!result.ok() || !tokens) {
    bool refused = tokens && Field(*tokens, "error") == "invalid_grant";
    Fail(refused ? 400 : 502,
         refused ? "The provider did not accept this sign-in (it may have "
                   "been used already or taken too long). Please sign in "
                   "again."
                 : kProviderAnswer,
         "token endpoint: " + OAuthError(result));
  }
  std::string id_token = Field(*tokens, "id_token");
  if (id_token.empty()) {
    Fail(502, kProviderAnswer, "the token response has no id_token");
  }
  IdTokenExpectations expect{metadata.issuer, config.openid_client_id,
                             login.nonce, now};
  IdTokenCheck check =
      VerifyIdToken(id_token, SigningKeys(metadata, false, now), expect);
  if (check.unknown_key) {
    // The provider may have rotated its keys since we fetched them.
    check = VerifyIdToken(id_token, SigningKeys(metadata, true, now), expect);
  }
  if (!check.claims) Fail(502, kProviderAnswer, "ID token: " + check.reason);
  json claims = *check.claims;

  // The userinfo endpoint often holds what the ID token leaves out
  // (groups, e-mail); its subject must be the token's.
  std::string access_token = Field(*tokens, "access_token");
  if (!metadata.userinfo_endpoint.empty() && !access_token.empty()) {
    HttpResult info = HttpGet(
        metadata.userinfo_endpoint,
        {"Accept: application/json", "Authorization: Bearer " + access_token});
    auto userinfo = info.ok() ? JsonObject(info.body) : std::nullopt;
    if (userinfo && Field(*userinfo, "sub") == Field(claims, "sub")) {
      for (const auto& [key, value] : userinfo->items()) {
        if (!claims.contains(key)) claims[key] = value;
      }
    } else {
      app.log().Warning("sign-in (openid): userinfo not used: " +
                        (info.status ? "HTTP " + std::to_string(info.status) +
                                           (userinfo ? " (sub differs)" : "")
                                     : info.error));
    }
  }
  Operator who;
  who.provider = "openid";
  who.subject = Field(claims, "sub");
  who.email = Field(claims, "email");
  for (const char* key : {"name", "preferred_username", "email", "sub"}) {
    who.name = Field(claims, key);
    if (!who.name.empty()) break;
  }
  if (!config.openid_required_group.empty() &&
      !InGroup(Groups(claims), config.openid_required_group)) {
    Fail(403,
         "You signed in as " + who.name + ", but only members of the group \"" +
             config.openid_required_group +
             "\" may operate this dashboard. Ask an administrator to add "
             "you to it.",
         "user " + who.subject + " is not in group " +
             config.openid_required_group);
  }
  return who;
}

json GitHubGet(const Config& config, const std::string& path,
               const std::string& token) {
  std::string url = config.github_api_url + path;
  HttpResult result = HttpGet(url, {"Accept: application/vnd.github+json",
                                    "X-GitHub-Api-Version: 2022-11-28",
                                    "Authorization: Bearer " + token});
  if (result.status == 0) Fail(502, kProviderDown, url + ": " + result.error);
  json value = json::parse(result.body, nullptr, /*allow_exceptions=*/false);
  if (!result.ok() || value.is_discarded()) {
    Fail(502, kProviderAnswer, url + ": " + OAuthError(result));
  }
  return value;
}

Operator FinishGitHub(App& app, const Request& request, const LoginState& login,
                      const std::string& code) {
  const Config& config = app.config();
  std::string url = config.github_base_url + "/login/oauth/access_token";
  HttpResult result =
      HttpPostForm(url,
                   {{"client_id", config.github_client_id},
                    {"client_secret", config.github_client_secret},
                    {"code", code},
                    {"redirect_uri", RedirectUri(app, request, "github")},
                    {"code_verifier", login.code_verifier}},
                   {"Accept: application/json"});
  if (result.status == 0) Fail(502, kProviderDown, url + ": " + result.error);
  auto tokens = JsonObject(result.body);
  std::string access_token = tokens ? Field(*tokens, "access_token") : "";
  if (!result.ok() || access_token.empty()) {
    bool refused = tokens && Field(*tokens, "error") == "bad_verification_code";
    Fail(refused ? 400 : 502,
         refused ? "GitHub did not accept this sign-in (it may have been "
                   "used already or taken too long). Please sign in again."
                 : kProviderAnswer,
         url + ": " + OAuthError(result));
  }
  json user = GitHubGet(config, "/user", access_token);
  Operator who;
  who.provider = "github";
  who.subject = Field(user, "id");
  std::string login_name = Field(user, "login");
  who.name = Field(user, "name");
  if (who.name.empty()) who.name = login_name;
  if (who.subject.empty() || who.name.empty()) {
    Fail(502, kProviderAnswer, "GitHub /user has no id or login");
  }
  json emails = GitHubGet(config, "/user/emails", access_token);
  if (emails.is_array()) {
    for (const auto& entry : emails) {
      if (entry.is_object() && entry.value("primary", false) &&
          entry.value("verified", false)) {
        who.email = Field(entry, "email");
      }
    }
  }
  if (!config.github_required_org.empty()) {
    json orgs = GitHubGet(config, "/user/orgs?per_page=100", access_token);
    bool member = false;
    if (orgs.is_array()) {
      for (const auto& org : orgs) {
        member =
            member || (org.is_object() &&
                       strcasecmp(Field(org, "login").c_str(),
                                  config.github_required_org.c_str()) == 0);
      }
    }
    if (!member) {
      Fail(403,
           "You signed in as " + login_name +
               " on GitHub, but only members of the organisation \"" +
               config.github_required_org +
               "\" may operate this dashboard. If you are one, make the "
               "membership visible to this application and try again.",
           "GitHub user " + login_name + " is not in org " +
               config.github_required_org);
    }
  }
  return who;
}

// A redirect of the sign-in flow: never stored.
Response Redirect(const std::string& location) {
  Response response = SeeOther(location);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

std::string LoginCookie(const std::string& value, bool secure, int max_age) {
  return std::string(kLoginCookie) + "=" + value +
         "; Path=/auth/; Max-Age=" + std::to_string(max_age) +
         "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

Response StartSignIn(App& app, const Request& request,
                     const std::string& provider) {
  const Config& config = app.config();
  long long now = UnixNow();
  LoginState login{provider, RandomToken(24), RandomToken(32),
                   LocalPathOr(request.Param("next")), request.remote_addr};
  FormFields fields;
  std::string endpoint;
  if (provider == "openid") {
    const OidcMetadata& metadata = Discover(config, now);
    endpoint = metadata.authorization_endpoint;
    std::string scope = "openid profile email";
    for (const auto& supported : metadata.scopes_supported) {
      if (supported == "groups") scope += " groups";
    }
    fields = {{"response_type", "code"},
              {"client_id", config.openid_client_id},
              {"scope", scope},
              {"nonce", login.nonce}};
  } else {
    endpoint = config.github_base_url + "/login/oauth/authorize";
    fields = {{"client_id", config.github_client_id},
              {"scope", config.github_required_org.empty()
                            ? "read:user user:email"
                            : "read:user user:email read:org"},
              {"allow_signup", "false"}};
  }
  auto begun = SessionStore(app.db(), config).BeginLogin(login, now);
  if (!begun) {
    app.log().Warning("sign-in refused: too many under way (client " +
                      request.remote_addr + ")");
    Response busy = app.ErrorPage(
        429,
        "Too many sign-ins are under way, from your address or in all. "
        "Finish or abandon the ones you started, or try again in a few "
        "minutes.");
    busy.headers.emplace_back("Retry-After", "60");
    return busy;
  }
  const std::string& state = *begun;
  fields.emplace_back("redirect_uri", RedirectUri(app, request, provider));
  fields.emplace_back("state", state);
  fields.emplace_back("code_challenge", PkceChallenge(login.code_verifier));
  fields.emplace_back("code_challenge_method", "S256");
  Response response = Redirect(AddQuery(endpoint, fields));
  response.headers.emplace_back(
      "Set-Cookie", LoginCookie(state, request.https, kLoginStateLifetime));
  return response;
}

Response FinishSignIn(App& app, const Request& request,
                      const std::string& provider) {
  long long now = UnixNow();
  SessionStore sessions(app.db(), app.config());
  std::string state = request.Param("state").value_or("");
  // The state must be this browser's (the cookie set at the start) before
  // it is used up: a callback address that leaked elsewhere (a log, a
  // Referer) cannot spend, or cancel, the real sign-in.
  auto bound = request.cookies.find(kLoginCookie);
  bool this_browser = !state.empty() && bound != request.cookies.end() &&
                      bound->second == state;
  if (auto error = request.Param("error")) {
    if (this_browser) sessions.TakeLogin(state, now);
    std::string description = request.Param("error_description").value_or("");
    Fail(403,
         *error == "access_denied"
             ? "Sign-in was cancelled at the provider, so you are not "
               "signed in."
             : "The sign-in provider did not sign you in (" + *error +
                   (description.empty() ? "" : ": " + description) + ").",
         "provider answered " + *error + " " + description);
  }
  std::string code = request.Param("code").value_or("");
  if (state.empty() || code.empty()) {
    Fail(400,
         "This address is where the sign-in provider sends you back, with "
         "a code and a state; this request has none. Start again from the "
         "sign-in link.",
         "callback without code or state");
  }
  if (!this_browser) {
    Fail(400,
         "This sign-in was started in another browser or window. Please "
         "sign in again from this one.",
         "state does not match the browser's sign-in cookie");
  }
  auto login = sessions.TakeLogin(state, now);
  if (!login || login->provider != provider) {
    Fail(400,
         "This sign-in has expired or was already completed. Please sign in "
         "again.",
         "unknown, used or expired state");
  }
  Operator who = provider == "openid"
                     ? FinishOpenId(app, request, *login, code, now)
                     : FinishGitHub(app, request, *login, code);
  std::string previous;
  if (auto it = request.cookies.find(kSessionCookie);
      it != request.cookies.end()) {
    previous = it->second;
  }
  std::string cookie = sessions.Begin(who, previous, now);
  app.log().Info("signed in: " + who.name + " (" + provider + " " +
                 who.subject + ")");
  Response response = Redirect(login->return_to);
  response.headers.emplace_back(
      "Set-Cookie",
      SessionCookie(cookie, request.https, app.config().session_max_age));
  response.headers.emplace_back("Set-Cookie",
                                LoginCookie("", request.https, 0));
  return response;
}

// GET|HEAD /logout: changes nothing; a signed-in operator gets a page with
// a one-button form that POSTs their CSRF token (so no other site can sign
// them out with a link or an image).
Response SignOutPage(App& app, const Request& request) {
  ctemplate::TemplateDictionary dict("logout");
  if (request.signed_in) {
    dict.SetValueAndShowSection(kl_OPERATOR_NAME, request.signed_in->name,
                                kl_SIGNED_IN);
    dict.SetValue(kl_CSRF_FIELD, kCsrfField);
    dict.SetValue(kl_CSRF_TOKEN, request.signed_in->csrf_token);
  } else {
    dict.ShowSection(kl_SIGNED_OUT);
  }
  FillPageChrome(app.Chrome(request, "Sign out", ""), &dict);
  Response response;
  response.body = app.templates().Expand("logout.tpl", dict);
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

// POST /logout (with the CSRF token, checked by the frame): ends the
// session and goes to the board.
Response SignOut(App& app, const Request& request) {
  if (auto it = request.cookies.find(kSessionCookie);
      it != request.cookies.end()) {
    SessionStore(app.db(), app.config()).End(it->second);
  }
  if (request.signed_in) {
    app.log().Info("signed out: " + request.signed_in->name);
  }
  Response response = Redirect("/");
  response.headers.emplace_back("Set-Cookie",
                                SessionCookie("", request.https, 0));
  return response;
}

}  // namespace

bool InGroup(const std::vector<std::string>& groups,
             const std::string& required) {
  auto bare = [](const std::string& group) {
    return group.rfind('/', 0) == 0 ? group.substr(1) : group;
  };
  for (const auto& group : groups) {
    if (bare(group) == bare(required)) return true;
  }
  return false;
}

Response HandleLogin(App& app, const Request& request) {
  const std::string& path = request.path;
  if (path == "/logout") {
    return request.method == "POST" ? SignOut(app, request)
                                    : SignOutPage(app, request);
  }
  std::string provider;
  bool start = path.rfind("/login/", 0) == 0;
  bool finish = path.rfind("/auth/", 0) == 0;
  if (start) provider = path.substr(7);
  if (finish) provider = path.substr(6);
  auto providers = SignInProviders(app.config());
  bool enabled = std::find(providers.begin(), providers.end(), provider) !=
                 providers.end();
  if ((!start && !finish) || request.method == "POST") {
    return app.ErrorPage(404, "There is no page at this address.");
  }
  if (!enabled) {
    return app.ErrorPage(
        404, "Signing in through \"" + provider +
                 "\" is not set up on this site." +
                 (providers.empty()
                      ? ""
                      : " Use /login/" + providers.front() + " instead."));
  }
  try {
    return start ? StartSignIn(app, request, provider)
                 : FinishSignIn(app, request, provider);
  } catch (const SignInFailure& failure) {
    app.log().Warning("sign-in (" + provider + ") failed: " + failure.detail);
    Response response = app.ErrorPage(failure.status, failure.message);
    // A failed return also forgets the browser's sign-in cookie.
    if (finish) {
      response.headers.emplace_back("Set-Cookie",
                                    LoginCookie("", request.https, 0));
    }
    return response;
  }
}

}  // namespace sdb
