// The availability page: see availability.h.
#include "pages/availability.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <utility>

#include "availability.tpl.varnames.h"
#include "base/timeutil.h"
#include "store/model.h"
#include "web/page.h"
#include "web/serve.h"

namespace sdb {

namespace {

// Unix time of 00:00:00 UTC on the first day of `month` (1..12, may run
// over into the next or previous years) of `year`.
long long MonthStart(int year, int month) {
  int index = year * 12 + (month - 1);
  std::tm tm{};
  tm.tm_year = index / 12 - 1900;
  tm.tm_mon = index % 12;
  tm.tm_mday = 1;
  return static_cast<long long>(timegm(&tm));
}

const char* MonthName(int month) {
  static const char* const kNames[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : "";
}

// The CSS class of a cell: full (no outage), good (99.95 % or more, the
// seed's green), fair (90 % or more), poor.
const char* Level(int basis_points) {
  if (basis_points >= 10000) return "full";
  if (basis_points >= 9995) return "good";
  if (basis_points >= 9000) return "fair";
  return "poor";
}

// "100 %", "99.95 %", "0 %" for `basis_points` (0..10000), appended to
// `out` (without snprintf: the page shows hundreds of these).
void AppendAvailability(int basis_points, std::string* out) {
  if (basis_points >= 10000) {
    *out += "100 %";
    return;
  }
  if (basis_points <= 0) {
    *out += "0 %";
    return;
  }
  int whole = basis_points / 100;
  int hundredths = basis_points % 100;
  if (whole >= 10) *out += static_cast<char>('0' + whole / 10);
  *out += static_cast<char>('0' + whole % 10);
  *out += '.';
  *out += static_cast<char>('0' + hundredths / 10);
  *out += static_cast<char>('0' + hundredths % 10);
  *out += " %";
}

// The <td> cells of one component's row, one per month. Built here rather
// than as a template section per cell: the ~300 cell dictionaries of a
// region were a fifth of the page's render. Only fixed class names and
// digits go in, so there is nothing to escape.
std::string CellsHtml(const std::vector<MonthFigure>& figures) {
  std::string html;
  html.reserve(figures.size() * 48);
  for (const MonthFigure& figure : figures) {
    int points = AvailabilityBasisPoints(figure);
    html += "      <td class=\"availability-";
    html += Level(points);
    html += "\">";
    AppendAvailability(points, &html);
    html += "</td>\n";
  }
  return html;
}

}  // namespace

std::vector<Month> LastMonths(long long now, int count) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  int year = tm.tm_year + 1900;
  int month = tm.tm_mon + 1;
  std::vector<Month> months;
  for (int back = count - 1; back >= 0; --back) {
    int index = year * 12 + (month - 1) - back;
    Month m;
    m.year = index / 12;
    m.month = index % 12 + 1;
    m.start = MonthStart(m.year, m.month);
    m.end = MonthStart(m.year, m.month + 1);
    months.push_back(m);
  }
  return months;
}

std::vector<MonthFigure> MonthlyFigures(std::vector<OutageInterval> outages,
                                        const std::vector<Month>& months,
                                        long long now) {
  // Clip every outage to `now` and merge overlapping ones, so that each
  // second down counts once however many outages cover it.
  std::vector<std::pair<long long, long long>> spans;
  for (const OutageInterval& outage : outages) {
    long long end = outage.end ? std::min(*outage.end, now) : now;
    if (end > outage.start) spans.emplace_back(outage.start, end);
  }
  std::sort(spans.begin(), spans.end());
  std::vector<std::pair<long long, long long>> merged;
  for (const auto& span : spans) {
    if (!merged.empty() && span.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, span.second);
    } else {
      merged.push_back(span);
    }
  }

  std::vector<MonthFigure> figures;
  figures.reserve(months.size());
  for (const Month& month : months) {
    long long from = month.start;
    long long until = std::min(month.end, now);
    MonthFigure figure;
    figure.measured = std::max(0LL, until - from);
    for (const auto& [start, end] : merged) {
      if (start >= until) break;
      long long overlap = std::min(end, until) - std::max(start, from);
      if (overlap > 0) figure.down += overlap;
    }
    figures.push_back(figure);
  }
  return figures;
}

int AvailabilityBasisPoints(const MonthFigure& figure) {
  if (figure.measured <= 0 || figure.down <= 0) return 10000;
  long long up = std::max(0LL, figure.measured - figure.down);
  // At most 31 days of seconds times 10000: well inside 64 bits.
  return static_cast<int>(up * 10000 / figure.measured);
}

std::string FormatAvailability(const MonthFigure& figure) {
  std::string text;
  AppendAvailability(AvailabilityBasisPoints(figure), &text);
  return text;
}

std::optional<int> ParseAvailabilityMonths(
    const std::optional<std::string>& value) {
  if (!value) return kDefaultAvailabilityMonths;
  const std::string& text = *value;
  if (text.empty() || text.size() > 2) return std::nullopt;
  int n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n < 1 || n > kMaxAvailabilityMonths) return std::nullopt;
  return n;
}

std::vector<int64_t> ShownComponentIds(
    const std::vector<Component>& components) {
  std::vector<int64_t> ids;
  for (const Component& component : components) {
    if (!component.Attribute("region").empty()) ids.push_back(component.id);
  }
  return ids;
}

bool FillAvailabilityDictionary(const AvailabilityData& data,
                                const std::optional<std::string>& region,
                                const DisplayZone& zone,
                                ctemplate::TemplateDictionary* dict,
                                std::string* shown) {
  SetTime(dict, ka_NOW_DISPLAY, ka_NOW_ISO, data.now, zone);
  long long now = ParseDbTime(data.now).value_or(0);
  std::vector<Month> months = LastMonths(now, data.months);
  // Inherited by every panel's sections.
  dict->SetIntValue(ka_MONTH_COUNT, data.months);
  dict->SetIntValue(ka_COLUMN_COUNT, data.months + 1);

  std::vector<std::string> regions = ComponentRegions(data.components);
  if (shown) shown->clear();
  if (regions.empty()) {
    dict->ShowSection(ka_EMPTY_CATALOG);
    return !region.has_value();
  }
  auto [selected, known] = ChooseRegion(regions, region, dict);
  if (shown) *shown = selected;

  std::map<int64_t, std::vector<OutageInterval>> outages;
  for (const ComponentOutage& outage : data.outages) {
    outages[outage.component_id].push_back(outage.interval);
  }
  // Every region's table, each region in a panel shown as a tab.
  for (const std::string& name : PanelOrder(regions, selected)) {
    auto* panel = dict->AddSectionDictionary(ka_REGION);
    FillRegionPanel(regions, name, selected, panel);
    for (const Month& month : months) {
      auto* head = panel->AddSectionDictionary(ka_MONTH_HEAD);
      head->SetValue(ka_MONTH_LABEL, std::string(MonthName(month.month)) + " " +
                                         std::to_string(month.year));
      if (now < month.end) head->ShowSection(ka_MONTH_TO_DATE);
    }
    for (int choice : {3, 6, 12}) {
      auto* link = panel->AddSectionDictionary(ka_MONTHS_CHOICE);
      link->SetIntValue(ka_CHOICE, choice);
      if (choice == data.months) link->ShowSection(ka_CHOICE_CURRENT);
    }
    for (const auto& [category, members] :
         ComponentsByCategory(data.components, name)) {
      auto* group = panel->AddSectionDictionary(ka_CATEGORY);
      group->SetValue(ka_CATEGORY_NAME, category);
      for (const Component* component : members) {
        auto* row = group->AddSectionDictionary(ka_COMPONENT);
        row->SetValue(ka_COMPONENT_NAME, component->name);
        row->SetIntValue(ka_COMPONENT_ID, component->id);
        auto it = outages.find(component->id);
        std::vector<MonthFigure> figures =
            MonthlyFigures(it == outages.end() ? std::vector<OutageInterval>()
                                               : std::move(it->second),
                           months, now);
        row->SetValue(ka_CELLS, CellsHtml(figures));
      }
    }
  }
  return known;
}

// GET /availability
//   ?region=NAME  the region shown first (default: the first); every
//                 region's table is on the page
//   ?months=N     how many months, 1 to 12 (default 6), the current one last
// 200 the table; 400 when N is not a whole number from 1 to 12; 404 the
// table of the first region when NAME is unknown.
Response HandleAvailability(App& app, const Request& request) {
  std::optional<std::string> months_param = request.Param("months");
  std::optional<int> months = ParseAvailabilityMonths(months_param);
  if (!months) {
    return app.ErrorPage(
        400, "The number of months must be a whole number from 1 to " +
                 std::to_string(kMaxAvailabilityMonths) + ", not \"" +
                 *months_param + "\".");
  }
  AvailabilityData data;
  data.now = DbNow();
  data.months = *months;
  long long now = ParseDbTime(data.now).value_or(UnixNow());
  std::string from = FormatDbTime(LastMonths(now, *months).front().start);
  {
    Transaction snapshot(app.db(), Transaction::Kind::kDeferred);
    data.components = app.model().Components();
    data.outages = LoadOutages(app.db(), from, data.now,
                               ShownComponentIds(data.components));
    snapshot.Commit();
  }
  ctemplate::TemplateDictionary dict("availability");
  PageChrome chrome = app.Chrome(request, "Availability", "availability");
  std::string shown;
  bool known = FillAvailabilityDictionary(data, request.Param("region"),
                                          chrome.zone, &dict, &shown);
  if (!shown.empty()) chrome.feeds = RegionFeeds(shown);
  FillPageChrome(chrome, &dict);
  Response response;
  response.status = known ? 200 : 404;
  response.body = app.templates().Expand("availability.tpl", dict);
  return response;
}

}  // namespace sdb
