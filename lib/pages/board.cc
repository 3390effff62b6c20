// The status board page: see board.h.
#include "pages/board.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/timeutil.h"
#include "board.tpl.varnames.h"
#include "web/page.h"
#include "web/serve.h"

namespace sdb {
namespace {

const char* StatusLabel(const std::string& key) {
  if (key == "maintenance") return "Maintenance";
  if (key == "minor") return "Minor issue";
  if (key == "major") return "Major issue";
  if (key == "outage") return "Outage";
  return "Operational";
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

// A component's row: its name, status (linked to the deciding event) and
// the planned-maintenance mark.
void FillComponentRow(const Component& component, const ComponentStatus& s,
                      const DisplayZone& zone,
                      ctemplate::TemplateDictionary* row) {
  row->SetValue(kb_COMPONENT_NAME, component.name);
  std::string key = s.event ? ImpactKey(s.event->impact) : "operational";
  row->SetValue(kb_STATUS_KEY, key);
  row->SetValue(kb_STATUS_LABEL, StatusLabel(key));
  if (s.event) {
    auto* link = row->AddSectionDictionary(kb_STATUS_LINK);
    link->SetIntValue(kb_INCIDENT_ID, s.event->id);
    link->SetValue(kb_INCIDENT_TITLE, s.event->title);
  } else {
    row->ShowSection(kb_STATUS_PLAIN);
  }
  if (s.planned) {
    auto* mark = row->AddSectionDictionary(kb_PLANNED_MARK);
    mark->SetIntValue(kb_PLANNED_ID, s.planned->id);
    // Only the display time: it stands in a title attribute, where no
    // <time datetime> can go, so no template reads PLANNED_START_ISO.
    mark->SetValue(kb_PLANNED_START_DISPLAY,
                   zone.Format(s.planned->start_date));
  }
}

}  // namespace

bool FillBoardDictionary(const BoardData& data,
                         const std::optional<std::string>& region,
                         const DisplayZone& zone,
                         ctemplate::TemplateDictionary* dict) {
  ComponentIndex index = IndexComponents(data.components);
  SetTime(dict, kb_NOW_DISPLAY, kb_NOW_ISO, data.now, zone);

  // Incidents and maintenances under way.
  int incidents = 0;
  for (const Incident& event : data.active) {
    auto* section = dict->AddSectionDictionary(
        event.IsMaintenance() ? kb_MAINTENANCE : kb_INCIDENT);
    FillEventSummary(event, index, zone, section);
    if (event.IsMaintenance() && !event.description_text.empty()) {
      section->SetValueAndShowSection(kb_DESCRIPTION, event.description_text,
                                      kb_HAS_DESCRIPTION);
    }
    if (!event.IsMaintenance()) ++incidents;
  }
  if (incidents == 0) dict->ShowSection(kb_ALL_OPERATIONAL);
  for (const Incident& maintenance : data.planned) {
    auto* section = dict->AddSectionDictionary(kb_PLANNED);
    FillEventSummary(maintenance, index, zone, section);
  }
  if (!data.planned.empty()) dict->ShowSection(kb_HAS_PLANNED);

  // Every region's categories, each region in a panel shown as a tab.
  std::vector<std::string> regions = ComponentRegions(data.components);
  if (regions.empty()) {
    dict->ShowSection(kb_EMPTY_CATALOG);
    return !region.has_value();
  }
  auto [selected, known] = ChooseRegion(regions, region, dict);
  auto status = StatusByComponent(data);
  for (const std::string& name : PanelOrder(regions, selected)) {
    auto* panel = dict->AddSectionDictionary(kb_REGION);
    FillRegionPanel(regions, name, selected, panel);
    for (const auto& [category, members] :
         ComponentsByCategory(data.components, name)) {
      auto* card = panel->AddSectionDictionary(kb_CATEGORY);
      card->SetValue(kb_CATEGORY_NAME, category);
      for (const Component* component : members) {
        FillComponentRow(*component, status[component->id], zone,
                         card->AddSectionDictionary(kb_COMPONENT));
      }
    }
  }
  return known;
}

// GET /, GET /index
//   ?region=NAME  the region shown first (default: the first); every
//                 region's components are on the page
// 200 the board; 404 the board of the first region when NAME is unknown.
Response HandleBoard(App& app, const Request& request) {
  BoardData data;
  data.now = DbNow();
  {
    Transaction snapshot(app.db(), Transaction::Kind::kDeferred);
    data.components = app.model().Components();
    data.active = app.model().ActiveEvents(data.now);
    data.planned = app.model().PlannedMaintenances(data.now);
    snapshot.Commit();
  }
  ctemplate::TemplateDictionary dict("board");
  PageChrome chrome = app.Chrome(request, "Status", "board");
  std::optional<std::string> region = request.Param("region");
  bool known = FillBoardDictionary(data, region, chrome.zone, &dict);
  std::vector<std::string> regions = ComponentRegions(data.components);
  if (!regions.empty()) {
    chrome.feeds = RegionFeeds(known && region ? *region : regions.front());
  }
  FillPageChrome(chrome, &dict);
  Response response;
  response.status = known ? 200 : 404;
  response.body = app.templates().Expand("board.tpl", dict);
  return response;
}

}  // namespace sdb
