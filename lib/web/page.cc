// What HTML pages share: see page.h.
#include "web/page.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include "web/session.h"

// The keys as ctemplate's build-time constants (see VARNAMES in the
// Makefile). A key names the same thing in every template: the event
// summary's keys come from board.tpl's header and serve history.tpl too.
#include "board.tpl.varnames.h"
#include "footer.tpl.varnames.h"
#include "header.tpl.varnames.h"

namespace sdb {

std::string ZoneOptionsHtml(const std::string& selected) {
  // Rendered once per process: as one ctemplate section each, the ~420
  // options took a third of the board's render.
  struct Rendered {
    std::string html;
    std::unordered_map<std::string, size_t> offsets;  // of each "<option"
  };
  static const Rendered* const rendered = [] {
    auto* r = new Rendered;
    for (const std::string& name : DisplayZoneNames()) {
      r->offsets.emplace(name, r->html.size());
      r->html += "<option>" + ctemplate::html_escape(name) + "</option>\n";
    }
    return r;
  }();
  auto it = rendered->offsets.find(selected);
  if (it == rendered->offsets.end()) return rendered->html;
  static constexpr size_t kTag = sizeof("<option") - 1;
  std::string html;
  html.reserve(rendered->html.size() + sizeof(" selected"));
  html.append(rendered->html, 0, it->second + kTag);
  html += " selected";
  html.append(rendered->html, it->second + kTag);
  return html;
}

DisplayZone RequestZone(const Request& request) {
  auto it = request.cookies.find(kZoneCookie);
  if (it == request.cookies.end()) return DisplayZone();
  return DisplayZone::Find(it->second).value_or(DisplayZone());
}

void FillPageChrome(const PageChrome& chrome,
                    ctemplate::TemplateDictionary* dict) {
  auto* header = dict->AddIncludeDictionary(kb_HEADER);
  header->SetFilename("header.tpl");
  header->SetValue(kh_PAGE_TITLE, chrome.title);
  header->SetValue(kh_SITE_TITLE, chrome.site_title);
  for (const FeedLink& feed : chrome.feeds) {
    auto* link = header->AddSectionDictionary(kh_FEED_LINK);
    link->SetValue(kh_FEED_TITLE, feed.title);
    link->SetValue(kh_FEED_HREF, feed.href);
    link->SetValue(kh_FEED_TYPE, feed.type);
  }
  static const char* const kNav[][3] = {
      {"board", "/", "Status"},
      {"history", "/history", "Event history"},
      {"availability", "/availability", "Availability"},
  };
  for (const auto& [key, href, label] : kNav) {
    auto* item = header->AddSectionDictionary(kh_NAV_ITEM);
    item->SetValue(kh_NAV_HREF, href);
    item->SetValue(kh_NAV_LABEL, label);
    if (chrome.active_nav == key) item->ShowSection(kh_NAV_CURRENT);
  }
  if (chrome.signed_in) {
    auto* op = header->AddSectionDictionary(kh_OPERATOR);
    op->SetValue(kh_OPERATOR_NAME, chrome.signed_in->name);
    op->SetValue(kh_CSRF_FIELD, kCsrfField);
    op->SetValue(kh_CSRF_TOKEN, chrome.signed_in->csrf_token);
  }
  auto* footer = dict->AddIncludeDictionary(kb_FOOTER);
  footer->SetFilename("footer.tpl");
  footer->SetValue(kf_SITE_TITLE, chrome.site_title);
  footer->SetValue(kf_CURRENT_URL, chrome.current_url);
  footer->SetValue(kf_CURRENT_PATH,
                   chrome.current_url.substr(0, chrome.current_url.find('?')));
  footer->SetValue(kf_ZONE_PARAM, kZoneParam);
  footer->SetValue(kf_ZONE_OPTIONS, ZoneOptionsHtml(chrome.zone.name()));
  if (!chrome.sign_in_url.empty() && !chrome.signed_in) {
    footer->SetValueAndShowSection(kf_SIGN_IN_URL, chrome.sign_in_url,
                                   kf_SIGN_IN);
  }
  if (!chrome.feeds.empty()) footer->ShowSection(kf_HAS_FEEDS);
  for (const FeedLink& feed : chrome.feeds) {
    auto* link = footer->AddSectionDictionary(kh_FEED_LINK);
    link->SetValue(kh_FEED_TITLE, feed.title);
    link->SetValue(kh_FEED_HREF, feed.href);
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

void SetTime(ctemplate::TemplateDictionary* dict,
             const ctemplate::StaticTemplateString& display_key,
             const ctemplate::StaticTemplateString& iso_key,
             const std::string& db_time, const DisplayZone& zone) {
  dict->SetValue(display_key, zone.Format(db_time));
  dict->SetValue(iso_key, IsoTime(db_time));
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
    dict->SetValue(kb_REQUESTED_REGION, *requested);
    dict->ShowSection(kb_UNKNOWN_REGION);
  }
  dict->SetValue(kb_SELECTED_REGION, choice.selected);
  return choice;
}

std::string RegionAnchor(const std::string& region) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string anchor = "region-";
  for (unsigned char c : region) {
    if (std::isalnum(c) || c == '-') {
      anchor += static_cast<char>(c);
    } else {
      anchor += '_';
      anchor += kHex[c >> 4];
      anchor += kHex[c & 15];
    }
  }
  return anchor;
}

std::vector<std::string> PanelOrder(const std::vector<std::string>& regions,
                                    const std::string& selected) {
  std::vector<std::string> order = {selected};
  for (const std::string& region : regions) {
    if (region != selected) order.push_back(region);
  }
  return order;
}

void FillRegionPanel(const std::vector<std::string>& regions,
                     const std::string& region, const std::string& selected,
                     ctemplate::TemplateDictionary* panel) {
  panel->SetValue(kb_REGION_NAME, region);
  panel->SetValue(kb_REGION_ANCHOR, RegionAnchor(region));
  if (region == selected) panel->ShowSection(kb_REGION_SELECTED);
  for (const std::string& name : regions) {
    auto* tab = panel->AddSectionDictionary(kb_REGION_TAB);
    tab->SetValue(kb_TAB_NAME, name);
    tab->SetValue(kb_TAB_ANCHOR, RegionAnchor(name));
    if (name == region) tab->ShowSection(kb_TAB_CURRENT);
  }
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
  dict->SetIntValue(kb_INCIDENT_ID, incident.id);
  dict->SetValue(kb_INCIDENT_TITLE, incident.title);
  dict->SetValue(kb_IMPACT_KEY, ImpactKey(incident.impact));
  dict->SetValue(kb_IMPACT_TEXT, ImpactText(incident.impact));
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
  dict->SetValue(kb_REGIONS, region_text);
  dict->SetValue(kb_SERVICES, services);
  SetTime(dict, kb_START_DISPLAY, kb_START_ISO, incident.start_date, zone);
  if (incident.end_date) {
    auto* end = dict->AddSectionDictionary(kb_END);
    SetTime(end, kb_END_DISPLAY, kb_END_ISO, *incident.end_date, zone);
  }
  if (incident.latest_update) {
    const Update& update = *incident.latest_update;
    auto* section = dict->AddSectionDictionary(kb_UPDATE);
    section->SetValue(kb_UPDATE_STATUS, update.status);
    section->SetValue(kb_UPDATE_TEXT, update.text);
    SetTime(section, kb_UPDATE_TIME_DISPLAY, kb_UPDATE_TIME_ISO,
            update.timestamp, zone);
  }
}

}  // namespace sdb
