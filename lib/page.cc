// What HTML pages share: see page.h.
#include "page.h"

#include <algorithm>
#include <set>

#include "session.h"

namespace sdb {

DisplayZone RequestZone(const Request& request) {
  auto it = request.cookies.find(kZoneCookie);
  if (it == request.cookies.end()) return DisplayZone();
  return DisplayZone::Find(it->second).value_or(DisplayZone());
}

void FillPageChrome(const PageChrome& chrome,
                    ctemplate::TemplateDictionary* dict) {
  dict->SetValue("PAGE_TITLE", chrome.title);
  auto* header = dict->AddIncludeDictionary("HEADER");
  header->SetFilename("header.tpl");
  header->SetValue("PAGE_TITLE", chrome.title);
  header->SetValue("SITE_TITLE", chrome.site_title);
  for (const FeedLink& feed : chrome.feeds) {
    auto* link = header->AddSectionDictionary("FEED_LINK");
    link->SetValue("FEED_TITLE", feed.title);
    link->SetValue("FEED_HREF", feed.href);
    link->SetValue("FEED_TYPE", feed.type);
  }
  static const char* const kNav[][3] = {
      {"board", "/", "Status"},
      {"history", "/history", "Event history"},
      {"availability", "/availability", "Availability"},
  };
  for (const auto& [key, href, label] : kNav) {
    auto* item = header->AddSectionDictionary("NAV_ITEM");
    item->SetValue("NAV_HREF", href);
    item->SetValue("NAV_LABEL", label);
    if (chrome.active_nav == key) item->ShowSection("NAV_CURRENT");
  }
  if (chrome.signed_in) {
    auto* op = header->AddSectionDictionary("OPERATOR");
    op->SetValue("OPERATOR_NAME", chrome.signed_in->name);
    op->SetValue("CSRF_FIELD", kCsrfField);
    op->SetValue("CSRF_TOKEN", chrome.signed_in->csrf_token);
  }
  auto* footer = dict->AddIncludeDictionary("FOOTER");
  footer->SetFilename("footer.tpl");
  footer->SetValue("SITE_TITLE", chrome.site_title);
  footer->SetValue("CURRENT_URL", chrome.current_url);
  footer->SetValue("CURRENT_PATH",
                   chrome.current_url.substr(0, chrome.current_url.find('?')));
  footer->SetValue("ZONE_PARAM", kZoneParam);
  footer->SetValue("ZONE_NAME", chrome.zone.name());
  for (const std::string& name : DisplayZoneNames()) {
    auto* option = footer->AddSectionDictionary("ZONE_OPTION");
    option->SetValue("ZONE_OPTION_NAME", name);
    if (name == chrome.zone.name()) option->ShowSection("ZONE_SELECTED");
  }
  if (!chrome.sign_in_url.empty() && !chrome.signed_in) {
    footer->SetValueAndShowSection("SIGN_IN_URL", chrome.sign_in_url,
                                   "SIGN_IN");
  }
  if (!chrome.feeds.empty()) footer->ShowSection("HAS_FEEDS");
  for (const FeedLink& feed : chrome.feeds) {
    auto* link = footer->AddSectionDictionary("FEED_LINK");
    link->SetValue("FEED_TITLE", feed.title);
    link->SetValue("FEED_HREF", feed.href);
  }
}

std::vector<FeedLink> RegionFeeds(const std::string& region) {
  std::string mt = UrlEncode(region);
  return {
      {"RSS: " + region, "/rss/?mt=" + mt, "application/rss+xml"},
      {"Atom: " + region, "/atom/?mt=" + mt, "application/atom+xml"},
      {"JSON Feed: " + region, "/feed.json?mt=" + mt, "application/feed+json"},
      {"Maintenance calendar: " + region, "/maintenance.ics?mt=" + mt,
       "text/calendar"},
  };
}

void SetTime(ctemplate::TemplateDictionary* dict, const std::string& prefix,
             const std::string& db_time, const DisplayZone& zone) {
  dict->SetValue(prefix + "_DISPLAY", zone.Format(db_time));
  dict->SetValue(prefix + "_ISO", IsoTime(db_time));
}

ComponentIndex IndexComponents(const std::vector<Component>& components) {
  ComponentIndex index;
  for (const Component& component : components) {
    index[component.id] = &component;
  }
  return index;
}

RegionChoice ChooseRegion(const std::vector<std::string>& regions,
                          const std::optional<std::string>& requested,
                          ctemplate::TemplateDictionary* dict) {
  bool known = !requested || std::find(regions.begin(), regions.end(),
                                       *requested) != regions.end();
  RegionChoice choice{requested && known ? *requested : regions.front(), known};
  if (!known) {
    // Not SetValueAndShowSection: it hides the section for an empty value,
    // and ?region= is unknown too.
    dict->SetValue("REQUESTED_REGION", *requested);
    dict->ShowSection("UNKNOWN_REGION");
  }
  dict->SetValue("SELECTED_REGION", choice.selected);
  return choice;
}

std::map<std::string, std::vector<const Component*>> ComponentsByCategory(
    const std::vector<Component>& components, const std::string& region) {
  std::map<std::string, std::vector<const Component*>> categories;
  for (const Component& component : components) {
    if (component.Attribute("region") != region) continue;
    const std::string& category = component.Attribute("category");
    categories[category.empty() ? "Other" : category].push_back(&component);
  }
  return categories;
}

void FillEventSummary(const Incident& incident, const ComponentIndex& index,
                      const DisplayZone& zone,
                      ctemplate::TemplateDictionary* dict) {
  dict->SetIntValue("INCIDENT_ID", incident.id);
  dict->SetValue("INCIDENT_TITLE", incident.title);
  dict->SetValue("IMPACT_KEY", ImpactKey(incident.impact));
  dict->SetValue("IMPACT_TEXT", ImpactText(incident.impact));
  std::set<std::string> regions;
  std::vector<const Component*> components;
  for (int64_t id : incident.component_ids) {
    auto it = index.find(id);
    if (it == index.end()) continue;
    components.push_back(it->second);
    const std::string& region = it->second->Attribute("region");
    if (!region.empty()) regions.insert(region);
  }
  std::string region_text;
  for (const auto& region : regions) {
    region_text += (region_text.empty() ? "" : ", ") + region;
  }
  std::string services;
  for (const Component* component : components) {
    services += (services.empty() ? "" : ", ") + component->name;
    const std::string& region = component->Attribute("region");
    if (regions.size() > 1 && !region.empty()) services += " (" + region + ")";
  }
  dict->SetValue("REGIONS", region_text);
  dict->SetValue("SERVICES", services);
  SetTime(dict, "START", incident.start_date, zone);
  if (incident.end_date) {
    auto* end = dict->AddSectionDictionary("END");
    SetTime(end, "END", *incident.end_date, zone);
  }
  if (incident.latest_update) {
    const Update& update = *incident.latest_update;
    auto* section = dict->AddSectionDictionary("UPDATE");
    section->SetValue("UPDATE_STATUS", update.status);
    section->SetValue("UPDATE_TEXT", update.text);
    SetTime(section, "UPDATE_TIME", update.timestamp, zone);
  }
}

}  // namespace sdb
