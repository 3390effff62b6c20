// The feeds: see feed.h.
#include "pages/feed.h"

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

#include "atom.tpl.varnames.h"
#include "base/timeutil.h"
#include "rss.tpl.varnames.h"
#include "store/feed.h"
#include "web/page.h"
#include "web/serve.h"

namespace sdb {
namespace {

// Seed-style times in feed bodies: "2026-05-01 10:00 UTC".
std::string FeedTime(const std::string& db_time) {
  return DisplayZone().Format(db_time);
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Text written by people as HTML: escaped, line breaks kept.
std::string HtmlText(std::string_view text) {
  std::string escaped = HtmlEscape(CleanText(text));
  std::string out;
  for (char c : escaped) {
    if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

std::string HomeUrl(const FeedData& data) {
  return data.base_url + "/?region=" + UrlEncode(data.selection.region);
}

std::string Services(const FeedData& data, const Incident& incident) {
  ComponentIndex index = IndexComponents(data.components);
  std::set<std::string> regions;
  for (int64_t id : incident.component_ids) {
    auto it = index.find(id);
    if (it != index.end()) regions.insert(it->second->Attribute("region"));
  }
  std::string services;
  for (int64_t id : incident.component_ids) {
    auto it = index.find(id);
    if (it == index.end()) continue;
    services += (services.empty() ? "" : ", ") + it->second->name;
    const std::string& region = it->second->Attribute("region");
    if (regions.size() > 1 && !region.empty()) services += " (" + region + ")";
  }
  return services;
}

// The feed's own date: its newest event's, else the data's last change.
std::string FeedUpdated(const FeedData& data) {
  std::string updated;
  for (const FeedEvent& event : data.events) {
    updated = std::max(updated, EventModified(event));
  }
  return updated.empty() ? data.changed_at : updated;
}

long long Unix(const std::string& db_time) {
  return ParseDbTime(db_time).value_or(0);
}

// The host of a base URL, without scheme, port and path: the right-hand
// side of calendar UIDs.
std::string UrlHost(const std::string& base_url) {
  std::string rest = base_url.substr(
      base_url.find("://") == std::string::npos ? 0 : base_url.find("://") + 3);
  rest = rest.substr(0, rest.find('/'));
  if (!rest.empty() && rest[0] == '[')
    return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find(':'));
}

// Appends the UTF-8 encoding of `c` to `out`.
void AppendUtf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::vector<FeedEvent> LoadEvents(Model& model,
                                  const std::vector<int64_t>& ids) {
  std::vector<FeedEvent> events;
  for (int64_t id : ids) {
    auto incident = model.FindIncident(id);
    if (!incident) continue;
    FeedEvent event;
    event.incident = std::move(*incident);
    event.updates = model.Updates(id);
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace

std::optional<FeedFormat> FeedFormatOf(const std::string& path) {
  if (path == "/rss" || path == "/rss/") return FeedFormat::kRss;
  if (path == "/atom" || path == "/atom/") return FeedFormat::kAtom;
  if (path == "/feed.json") return FeedFormat::kJson;
  if (path == "/maintenance.ics") return FeedFormat::kCalendar;
  return std::nullopt;
}

const char* FeedContentType(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss:
      return "application/rss+xml; charset=utf-8";
    case FeedFormat::kAtom:
      return "application/atom+xml";
    case FeedFormat::kJson:
      return "application/feed+json";
    case FeedFormat::kCalendar:
      return "text/calendar; charset=utf-8";
  }
  return "application/octet-stream";
}

std::optional<FeedSelection> SelectFeed(
    const std::optional<std::string>& mt, const std::optional<std::string>& srv,
    const std::vector<Component>& components, std::string* error) {
  std::string region = mt.value_or("");
  std::string service = srv.value_or("");
  if (region.empty()) {
    *error = kFeedHint;
    return std::nullopt;
  }
  FeedSelection selection;
  selection.region = region;
  if (!service.empty()) {
    for (const Component& component : components) {
      if (component.name == service &&
          component.Attribute("region") == region) {
        selection.component = component;
        return selection;
      }
    }
    *error = "Component: " + service + " is not found";
    return std::nullopt;
  }
  for (const Component& component : components) {
    if (component.Attribute("region") == region) return selection;
  }
  *error = region + " is not a supported region";
  return std::nullopt;
}

std::vector<FeedEvent> LoadFeedEvents(Database& db, Model& model,
                                      const FeedSelection& selection,
                                      int limit) {
  if (selection.component) {
    return LoadEvents(model,
                      ComponentFeedIds(db, selection.component->id, limit));
  }
  return LoadEvents(model, RegionFeedIds(db, selection.region, limit));
}

std::vector<FeedEvent> LoadCalendarEvents(Database& db, Model& model,
                                          const FeedSelection& selection,
                                          const std::string& now) {
  std::optional<int64_t> component;
  if (selection.component) component = selection.component->id;
  return LoadEvents(
      model, MaintenanceCalendarIds(db, selection.region, component, now));
}

std::string FeedTitle(const FeedData& data) {
  const FeedSelection& s = data.selection;
  std::string subject =
      s.component ? s.component->name + " (" + s.region + ")" : s.region;
  return subject + " - Incidents | " + data.site_title;
}

std::string FeedSelfUrl(const FeedData& data, FeedFormat format) {
  const char* path = "/rss/";
  switch (format) {
    case FeedFormat::kRss:
      path = "/rss/";
      break;
    case FeedFormat::kAtom:
      path = "/atom/";
      break;
    case FeedFormat::kJson:
      path = "/feed.json";
      break;
    case FeedFormat::kCalendar:
      path = "/maintenance.ics";
      break;
  }
  std::string url =
      data.base_url + path + "?mt=" + UrlEncode(data.selection.region);
  if (data.selection.component) {
    url += "&srv=" + UrlEncode(data.selection.component->name);
  }
  return url;
}

std::string EventUrl(const FeedData& data, int64_t id) {
  return data.base_url + "/incidents/" + std::to_string(id);
}

std::string EventModified(const FeedEvent& event) {
  std::string modified;
  for (const Update& update : event.updates) {
    modified = std::max(modified, update.timestamp);
  }
  return modified.empty() ? event.incident.start_date : modified;
}

std::string FeedEventHtml(const FeedData& data, const FeedEvent& event) {
  const Incident& incident = event.incident;
  std::vector<std::string> parts;
  if (!incident.description_text.empty()) {
    parts.push_back(HtmlText(incident.description_text));
    parts.push_back("");
  }
  std::string services = Services(data, incident);
  if (!services.empty()) {
    parts.push_back("Affected services: " + HtmlText(services));
    parts.push_back("");
  }
  for (const Update& update : event.updates) {
    if (update.status == "description") continue;
    std::string text = HtmlText(update.text);
    if (update.related_incident_id) {
      text = "<a href=\"" +
             HtmlEscape(EventUrl(data, *update.related_incident_id)) + "\">" +
             text + "</a>";
    }
    parts.push_back("<small>" + HtmlEscape(FeedTime(update.timestamp)) +
                    "</small><br><strong>" + HtmlText(update.status) +
                    " - </strong>" + text);
    parts.push_back("");
  }
  parts.push_back(std::string("Incident impact: ") +
                  ImpactKey(incident.impact));
  parts.push_back("Incident has started on: " +
                  HtmlEscape(FeedTime(incident.start_date)));
  if (incident.end_date) {
    parts.push_back("Incident end date: " +
                    HtmlEscape(FeedTime(*incident.end_date)));
  }
  parts.push_back("");
  parts.push_back(
      "We apologize for the inconvenience and will share an update once we "
      "have more information.");
  std::string html;
  for (size_t i = 0; i < parts.size(); ++i) {
    html += (i ? "<br>" : "") + parts[i];
  }
  return html;
}

void FillRssDictionary(const FeedData& data,
                       ctemplate::TemplateDictionary* dict) {
  dict->SetValue(kr_TITLE, CleanText(FeedTitle(data)));
  dict->SetValue(kr_HOME_URL, CleanText(HomeUrl(data)));
  dict->SetValue(kr_SELF_URL, CleanText(FeedSelfUrl(data, FeedFormat::kRss)));
  // RSS readers render <description> as HTML: escaped for HTML, then (by
  // the template) for XML, as the items' descriptions are.
  dict->SetValue(kr_DESCRIPTION,
                 HtmlEscape(CleanText(data.selection.region + " - Incidents")));
  dict->SetValue(kr_UPDATED, HttpDate(Unix(FeedUpdated(data))));
  for (const FeedEvent& event : data.events) {
    auto* item = dict->AddSectionDictionary(kr_ITEM);
    item->SetValue(kr_ITEM_TITLE, CleanText(event.incident.title));
    item->SetValue(kr_ITEM_URL, EventUrl(data, event.incident.id));
    item->SetValue(kr_ITEM_CATEGORY, ImpactKey(event.incident.impact));
    item->SetValue(kr_ITEM_DATE, HttpDate(Unix(EventModified(event))));
    item->SetValue(kr_ITEM_HTML, FeedEventHtml(data, event));
  }
}

void FillAtomDictionary(const FeedData& data,
                        ctemplate::TemplateDictionary* dict) {
  dict->SetValue(ka_TITLE, CleanText(FeedTitle(data)));
  dict->SetValue(ka_SUBTITLE,
                 CleanText(data.selection.region + " - Incidents"));
  dict->SetValue(ka_HOME_URL, CleanText(HomeUrl(data)));
  dict->SetValue(ka_SELF_URL, CleanText(FeedSelfUrl(data, FeedFormat::kAtom)));
  dict->SetValue(ka_AUTHOR, CleanText(data.site_title));
  dict->SetValue(ka_UPDATED, IsoTime(FeedUpdated(data)));
  for (const FeedEvent& event : data.events) {
    auto* entry = dict->AddSectionDictionary(ka_ENTRY);
    entry->SetValue(ka_ENTRY_TITLE, CleanText(event.incident.title));
    entry->SetValue(ka_ENTRY_URL, EventUrl(data, event.incident.id));
    entry->SetValue(ka_ENTRY_CATEGORY, ImpactKey(event.incident.impact));
    entry->SetValue(ka_ENTRY_CATEGORY_LABEL, ImpactText(event.incident.impact));
    entry->SetValue(ka_ENTRY_PUBLISHED, IsoTime(event.incident.start_date));
    entry->SetValue(ka_ENTRY_UPDATED, IsoTime(EventModified(event)));
    entry->SetValue(ka_ENTRY_HTML, FeedEventHtml(data, event));
  }
}

std::string RenderJsonFeed(const FeedData& data) {
  nlohmann::ordered_json feed;
  feed["version"] = "https://jsonfeed.org/version/1.1";
  feed["title"] = CleanText(FeedTitle(data));
  feed["home_page_url"] = CleanText(HomeUrl(data));
  feed["feed_url"] = CleanText(FeedSelfUrl(data, FeedFormat::kJson));
  feed["description"] = CleanText(data.selection.region + " - Incidents");
  feed["authors"] = {{{"name", CleanText(data.site_title)}}};
  feed["language"] = "en";
  feed["items"] = nlohmann::ordered_json::array();
  for (const FeedEvent& event : data.events) {
    nlohmann::ordered_json item;
    item["id"] = EventUrl(data, event.incident.id);
    item["url"] = EventUrl(data, event.incident.id);
    item["title"] = CleanText(event.incident.title);
    item["content_html"] = FeedEventHtml(data, event);
    item["date_published"] = IsoTime(event.incident.start_date);
    item["date_modified"] = IsoTime(EventModified(event));
    item["tags"] = {ImpactKey(event.incident.impact)};
    feed["items"].push_back(std::move(item));
  }
  // Text is cleaned above; replace stands guard for anything missed.
  return feed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

bool IsCancelled(const FeedEvent& event) {
  const Incident& incident = event.incident;
  if (incident.status && *incident.status == "cancelled") return true;
  for (const Update& update : event.updates) {  // newest first
    if (update.status == "description") continue;
    return update.status == "cancelled";
  }
  return false;
}

std::string RenderMaintenanceCalendar(const FeedData& data) {
  std::string host = UrlHost(data.base_url);
  std::string title = CleanText(data.selection.component
                                    ? data.selection.component->name + " (" +
                                          data.selection.region + ")"
                                    : data.selection.region) +
                      " - Maintenance | " + CleanText(data.site_title);
  std::string out;
  out += ICalLine("BEGIN:VCALENDAR");
  out += ICalLine("VERSION:2.0");
  out += ICalLine("PRODID:-//Status Dashboard//Maintenance calendar//EN");
  out += ICalLine("CALSCALE:GREGORIAN");
  out += ICalLine("NAME:" + ICalText(title));
  out += ICalLine("X-WR-CALNAME:" + ICalText(title));
  out += ICalLine("REFRESH-INTERVAL;VALUE=DURATION:PT15M");
  out += ICalLine("X-PUBLISHED-TTL:PT15M");
  for (const FeedEvent& event : data.events) {
    const Incident& incident = event.incident;
    std::string stamp;
    for (const Update& update : event.updates) {
      stamp = std::max(stamp, update.timestamp);
    }
    if (stamp.empty()) stamp = data.changed_at;
    std::string description;
    if (!incident.description_text.empty()) {
      description += incident.description_text + "\n\n";
    }
    std::string services = Services(data, incident);
    if (!services.empty()) description += "Affected services: " + services;
    for (const Update& update : event.updates) {
      if (update.status == "description") continue;
      description += "\n\nLatest update (" + update.status + ", " +
                     FeedTime(update.timestamp) + "): " + update.text;
      break;
    }
    description += "\n\n" + EventUrl(data, incident.id);

    out += ICalLine("BEGIN:VEVENT");
    out += ICalLine("UID:" +
                    ICalText("maintenance-" + std::to_string(incident.id) +
                             "@" + (host.empty() ? "localhost" : host)));
    if (!stamp.empty()) out += ICalLine("DTSTAMP:" + ICalTime(stamp));
    out += ICalLine("DTSTART:" + ICalTime(incident.start_date));
    if (incident.end_date) {
      out += ICalLine("DTEND:" + ICalTime(*incident.end_date));
    }
    out += ICalLine("SEQUENCE:" + std::to_string(event.updates.size()));
    out += ICalLine(std::string("STATUS:") +
                    (IsCancelled(event) ? "CANCELLED" : "CONFIRMED"));
    out += ICalLine("SUMMARY:" + ICalText(incident.title));
    out += ICalLine("DESCRIPTION:" + ICalText(description));
    out += ICalLine("URL:" + CleanText(EventUrl(data, incident.id)));
    out += ICalLine("TRANSP:TRANSPARENT");
    out += ICalLine("END:VEVENT");
  }
  out += ICalLine("END:VCALENDAR");
  return out;
}

std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\r') {
        out += '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else if (c == '\t' || c == '\n' || (c >= 0x20 && c != 0x7F)) {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: its length from the lead byte, then the
    // continuation bytes; overlong forms, surrogates, values past U+10FFFF
    // and the non-characters U+FFFE/U+FFFF are replaced.
    int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    uint32_t code = length == 4 ? c & 0x07 : length == 3 ? c & 0x0F : c & 0x1F;
    bool ok = length > 0 && i + length <= text.size();
    for (int k = 1; ok && k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) {
        ok = false;
      } else {
        code = (code << 6) | (next & 0x3F);
      }
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && code >= kMin[length] && code <= 0x10FFFF &&
         !(code >= 0xD800 && code <= 0xDFFF) && code != 0xFFFE &&
         code != 0xFFFF && !(code >= 0x80 && code <= 0x9F);
    if (ok) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      AppendUtf8(out, 0xFFFD);
      ++i;
    }
  }
  return out;
}

std::string ICalText(std::string_view text) {
  std::string clean = CleanText(text);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ICalLine(std::string_view line) {
  std::string out;
  size_t pos = 0;
  size_t room = 75;  // the first line; continuations start with a space
  while (line.size() - pos > room) {
    size_t cut = pos + room;
    // Never inside a UTF-8 sequence: back up to its lead byte.
    while (cut > pos &&
           (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    out.append(line.substr(pos, cut - pos));
    out += "\r\n ";
    pos = cut;
    room = 74;
  }
  out.append(line.substr(pos));
  out += "\r\n";
  return out;
}

std::string ICalTime(const std::string& db_time) {
  auto t = ParseDbTime(db_time);
  if (!t) return "";
  std::time_t seconds = static_cast<std::time_t>(*t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[20];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

// GET /rss/, /atom/, /feed.json, /maintenance.ics
//   ?mt=REGION     the region (required)
//   ?srv=NAME      only the component NAME in that region
// 200 the 10 newest events of the selection (RSS 2.0, Atom 1.0, JSON Feed
// 1.1), or its maintenances not yet ended (iCalendar); 404 with the seed's
// plain text when mt is missing, the region unknown or NAME not found there.
Response HandleFeed(App& app, const Request& request) {
  std::optional<FeedFormat> format = FeedFormatOf(request.path);
  if (!format) return app.ErrorPage(404, "There is no feed at this address.");
  FeedData data;
  data.base_url = BaseUrl(app.config(), request);
  data.site_title = app.config().site_title;
  std::string now = DbNow();
  Transaction snapshot(app.db(), Transaction::Kind::kDeferred);
  data.components = app.model().Components();
  std::string error;
  auto selection = SelectFeed(request.Param("mt"), request.Param("srv"),
                              data.components, &error);
  if (!selection) {
    Response response;
    response.status = 404;
    response.content_type = "text/plain; charset=utf-8";
    response.body = error;
    return response;
  }
  data.selection = std::move(*selection);
  data.changed_at = app.model().CurrentGeneration().changed_at;
  data.events =
      *format == FeedFormat::kCalendar
          ? LoadCalendarEvents(app.db(), app.model(), data.selection, now)
          : LoadFeedEvents(app.db(), app.model(), data.selection, kFeedEvents);
  snapshot.Commit();

  Response response;
  response.content_type = FeedContentType(*format);
  if (*format == FeedFormat::kRss || *format == FeedFormat::kAtom) {
    ctemplate::TemplateDictionary dict("feed");
    bool rss = *format == FeedFormat::kRss;
    if (rss) {
      FillRssDictionary(data, &dict);
    } else {
      FillAtomDictionary(data, &dict);
    }
    response.body = app.templates().Expand(rss ? "rss.tpl" : "atom.tpl", dict);
  } else if (*format == FeedFormat::kJson) {
    response.body = RenderJsonFeed(data);
  } else {
    response.body = RenderMaintenanceCalendar(data);
  }
  return response;
}

}  // namespace sdb
