// The status board page: see board.h.
#include "board.h"

#include <algorithm>
#include <map>
#include <set>

#include "timeutil.h"

namespace sdb {
namespace {

using ComponentIndex = std::map<int64_t, const Component*>;

const char* StatusLabel(const std::string& key) {
  if (key == "maintenance") return "Maintenance";
  if (key == "minor") return "Minor issue";
  if (key == "major") return "Major issue";
  if (key == "outage") return "Outage";
  return "Operational";
}

void SetTime(ctemplate::TemplateDictionary* dict, const std::string& prefix,
             const std::string& db_time) {
  dict->SetValue(prefix + "_DISPLAY", DisplayTime(db_time));
  dict->SetValue(prefix + "_ISO", IsoTime(db_time));
}

// Title, impact, regions, services and start: what every event summary
// on the board shows.
void FillEventSummary(const Incident& incident, const ComponentIndex& index,
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
  SetTime(dict, "START", incident.start_date);
  if (incident.end_date) {
    auto* end = dict->AddSectionDictionary("END");
    SetTime(end, "END", *incident.end_date);
  }
  if (incident.latest_update) {
    const Update& update = *incident.latest_update;
    auto* section = dict->AddSectionDictionary("UPDATE");
    section->SetValue("UPDATE_STATUS", update.status);
    section->SetValue("UPDATE_TEXT", update.text);
    SetTime(section, "UPDATE_TIME", update.timestamp);
  }
}

// What a component shows: the worst incident under way, else a
// maintenance under way, else operational; plus the next planned
// maintenance.
struct ComponentStatus {
  const Incident* event = nullptr;    // decides the status; null: operational
  const Incident* planned = nullptr;  // soonest planned maintenance
};

std::map<int64_t, ComponentStatus> StatusByComponent(const BoardData& data) {
  std::map<int64_t, ComponentStatus> status;
  // `active` is newest first, so on equal impact the newest incident wins.
  for (const Incident& incident : data.active) {
    for (int64_t id : incident.component_ids) {
      const Incident*& current = status[id].event;
      bool worse = current == nullptr || incident.impact > current->impact;
      if (worse) current = &incident;
    }
  }
  for (const Incident& maintenance : data.planned) {
    for (int64_t id : maintenance.component_ids) {
      if (status[id].planned == nullptr) status[id].planned = &maintenance;
    }
  }
  return status;
}

}  // namespace

std::vector<std::string> BoardRegions(
    const std::vector<Component>& components) {
  std::vector<std::string> regions;
  for (const Component& component : components) {
    const std::string& region = component.Attribute("region");
    if (!region.empty() &&
        std::find(regions.begin(), regions.end(), region) == regions.end()) {
      regions.push_back(region);
    }
  }
  return regions;
}

bool FillBoardDictionary(const BoardData& data,
                         const std::optional<std::string>& region,
                         ctemplate::TemplateDictionary* dict) {
  ComponentIndex index;
  for (const Component& component : data.components) {
    index[component.id] = &component;
  }
  SetTime(dict, "NOW", data.now);

  // Incidents and maintenances under way.
  int incidents = 0;
  for (const Incident& event : data.active) {
    auto* section = dict->AddSectionDictionary(
        event.IsMaintenance() ? "MAINTENANCE" : "INCIDENT");
    FillEventSummary(event, index, section);
    if (event.IsMaintenance() && !event.description_text.empty()) {
      section->SetValueAndShowSection("DESCRIPTION", event.description_text,
                                      "HAS_DESCRIPTION");
    }
    if (!event.IsMaintenance()) ++incidents;
  }
  if (incidents == 0) dict->ShowSection("ALL_OPERATIONAL");
  for (const Incident& maintenance : data.planned) {
    auto* section = dict->AddSectionDictionary("PLANNED");
    FillEventSummary(maintenance, index, section);
  }
  if (!data.planned.empty()) dict->ShowSection("HAS_PLANNED");

  // The region selector and the selected region's categories.
  std::vector<std::string> regions = BoardRegions(data.components);
  if (regions.empty()) {
    dict->ShowSection("EMPTY_CATALOG");
    return !region.has_value();
  }
  bool known = !region || std::find(regions.begin(), regions.end(), *region) !=
                              regions.end();
  std::string selected = region && known ? *region : regions.front();
  if (!known) {
    // Not SetValueAndShowSection: it hides the section for an empty value,
    // and ?region= is unknown too.
    dict->SetValue("REQUESTED_REGION", *region);
    dict->ShowSection("UNKNOWN_REGION");
  }
  dict->SetValue("SELECTED_REGION", selected);
  for (const auto& name : regions) {
    auto* tab = dict->AddSectionDictionary("REGION_TAB");
    tab->SetValue("REGION_NAME", name);
    if (name == selected) tab->ShowSection("REGION_CURRENT");
  }

  auto status = StatusByComponent(data);
  std::map<std::string, std::vector<const Component*>> categories;
  for (const Component& component : data.components) {
    if (component.Attribute("region") != selected) continue;
    const std::string& category = component.Attribute("category");
    categories[category.empty() ? "Other" : category].push_back(&component);
  }
  for (const auto& [category, members] : categories) {
    auto* card = dict->AddSectionDictionary("CATEGORY");
    card->SetValue("CATEGORY_NAME", category);
    for (const Component* component : members) {
      auto* row = card->AddSectionDictionary("COMPONENT");
      row->SetValue("COMPONENT_NAME", component->name);
      row->SetIntValue("COMPONENT_ID", component->id);
      const ComponentStatus& s = status[component->id];
      std::string key = s.event ? ImpactKey(s.event->impact) : "operational";
      row->SetValue("STATUS_KEY", key);
      row->SetValue("STATUS_LABEL", StatusLabel(key));
      if (s.event) {
        auto* link = row->AddSectionDictionary("STATUS_LINK");
        link->SetIntValue("INCIDENT_ID", s.event->id);
        link->SetValue("INCIDENT_TITLE", s.event->title);
      } else {
        row->ShowSection("STATUS_PLAIN");
      }
      if (s.planned) {
        auto* mark = row->AddSectionDictionary("PLANNED_MARK");
        mark->SetIntValue("PLANNED_ID", s.planned->id);
        SetTime(mark, "PLANNED_START", s.planned->start_date);
      }
    }
  }
  return known;
}

}  // namespace sdb
