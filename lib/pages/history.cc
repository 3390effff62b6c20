// The history page: see history.h.
#include "pages/history.h"

#include <algorithm>
#include <charconv>

#include "base/timeutil.h"
#include "history.tpl.varnames.h"
#include "store/model.h"
#include "web/page.h"
#include "web/serve.h"

namespace sdb {
namespace {

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

const char* MonthName(int month) {
  static const char* const kNames[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : "";
}

// Short labels of the impact filter.
const char* ImpactLabel(int impact) {
  static const char* const kLabels[] = {"Maintenance", "Minor", "Major",
                                        "Outage"};
  return impact >= 0 && impact <= 3 ? kLabels[impact] : "";
}

}  // namespace

std::string FormatHistoryCursor(const HistoryCursor& cursor) {
  std::string digits;
  for (char c : cursor.end_date) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits + "-" + std::to_string(cursor.id);
}

std::optional<HistoryCursor> ParseHistoryCursor(const std::string& text) {
  // YYYYMMDDhhmmss-ID
  if (text.size() < 16 || text[14] != '-') return std::nullopt;
  std::string_view stamp(text.data(), 14);
  std::string_view id_text(text.data() + 15, text.size() - 15);
  if (!AllDigits(stamp) || !AllDigits(id_text)) return std::nullopt;
  HistoryCursor cursor;
  cursor.end_date =
      std::string(stamp.substr(0, 4)) + "-" + std::string(stamp.substr(4, 2)) +
      "-" + std::string(stamp.substr(6, 2)) + " " +
      std::string(stamp.substr(8, 2)) + ":" + std::string(stamp.substr(10, 2)) +
      ":" + std::string(stamp.substr(12, 2));
  if (!ParseDbTime(cursor.end_date)) return std::nullopt;
  auto [end, error] = std::from_chars(
      id_text.data(), id_text.data() + id_text.size(), cursor.id);
  if (error != std::errc() || end != id_text.data() + id_text.size() ||
      cursor.id < 1) {
    return std::nullopt;
  }
  return cursor;
}

HistoryQueryResult ParseHistoryQuery(const Request& request,
                                     const std::vector<std::string>& regions) {
  HistoryQueryResult result;
  // An empty value (a form sending every field) does not filter.
  auto param = [&](const char* name) -> std::optional<std::string> {
    std::optional<std::string> value = request.Param(name);
    if (value && value->empty()) return std::nullopt;
    return value;
  };
  auto fail = [&](int status, std::string message) {
    result.status = status;
    result.message = std::move(message);
    return result;
  };
  if (auto region = param("region")) {
    if (std::find(regions.begin(), regions.end(), *region) == regions.end()) {
      std::string known;
      for (const auto& name : regions) {
        known += (known.empty() ? "" : ", ") + name;
      }
      return fail(404,
                  "There is no region called \u201c" + *region + "\u201d." +
                      (known.empty() ? "" : " The regions are " + known + "."));
    }
    result.query.filter.region = *region;
  }
  if (auto impact = param("impact")) {
    if (impact->size() != 1 || (*impact)[0] < '0' || (*impact)[0] > '3') {
      return fail(400,
                  "The impact filter must be 0 (maintenance), 1 (minor), "
                  "2 (major) or 3 (outage), not \u201c" +
                      *impact + "\u201d.");
    }
    result.query.filter.impact = (*impact)[0] - '0';
  }
  auto before = param("before");
  auto after = param("after");
  if (before && after) {
    return fail(400,
                "A history page is either before or after a position, not "
                "both; use the Older and Newer links.");
  }
  if (before || after) {
    const std::string& text = before ? *before : *after;
    std::optional<HistoryCursor> cursor = ParseHistoryCursor(text);
    if (!cursor) {
      return fail(400, "\u201c" + text +
                           "\u201d is not a position in the history; use the "
                           "Older and Newer links.");
    }
    (before ? result.query.before : result.query.after) = *cursor;
  }
  return result;
}

std::string HistoryHref(const HistoryFilter& filter,
                        const std::string& cursor_param) {
  std::string query;
  auto add = [&](const std::string& item) {
    query += (query.empty() ? "?" : "&") + item;
  };
  if (filter.region) add("region=" + UrlEncode(*filter.region));
  if (filter.impact) add("impact=" + std::to_string(*filter.impact));
  if (!cursor_param.empty()) add(cursor_param);
  return "/history" + query;
}

void FillHistoryDictionary(const HistoryData& data, const DisplayZone& zone,
                           ctemplate::TemplateDictionary* dict) {
  const HistoryFilter& filter = data.query.filter;

  // The filter bar: plain links, each keeping the other filter.
  {
    HistoryFilter all = filter;
    all.region.reset();
    auto* option = dict->AddSectionDictionary(kh_REGION_OPTION);
    option->SetValue(kh_OPTION_LABEL, "All regions");
    option->SetValue(kh_OPTION_HREF, HistoryHref(all));
    if (!filter.region) option->ShowSection(kh_OPTION_CURRENT);
  }
  for (const std::string& region : ComponentRegions(data.components)) {
    HistoryFilter one = filter;
    one.region = region;
    auto* option = dict->AddSectionDictionary(kh_REGION_OPTION);
    option->SetValue(kh_OPTION_LABEL, region);
    option->SetValue(kh_OPTION_HREF, HistoryHref(one));
    if (filter.region == region) option->ShowSection(kh_OPTION_CURRENT);
  }
  {
    HistoryFilter all = filter;
    all.impact.reset();
    auto* option = dict->AddSectionDictionary(kh_IMPACT_OPTION);
    option->SetValue(kh_OPTION_LABEL, "All impacts");
    option->SetValue(kh_OPTION_HREF, HistoryHref(all));
    if (!filter.impact) option->ShowSection(kh_OPTION_CURRENT);
  }
  for (int impact = kMaintenance; impact <= kOutage; ++impact) {
    HistoryFilter one = filter;
    one.impact = impact;
    auto* option = dict->AddSectionDictionary(kh_IMPACT_OPTION);
    option->SetValue(kh_OPTION_LABEL, ImpactLabel(impact));
    option->SetValue(kh_OPTION_HREF, HistoryHref(one));
    if (filter.impact == impact) option->ShowSection(kh_OPTION_CURRENT);
  }

  // The events, under a heading per month of their end.
  ComponentIndex index = IndexComponents(data.components);
  std::string month_key;
  ctemplate::TemplateDictionary* month = nullptr;
  for (const Incident& event : data.page.events) {
    std::string local = zone.Format(event.end_date.value_or(""));
    std::string key = local.substr(0, 7);  // "2026-04"
    if (!month || key != month_key) {
      month_key = key;
      month = dict->AddSectionDictionary(kh_MONTH);
      month->SetValue(kh_MONTH_ID, key);
      int number = 0;
      if (key.size() == 7) {
        std::from_chars(key.data() + 5, key.data() + 7, number);
      }
      month->SetValue(kh_MONTH_NAME,
                      std::string(MonthName(number)) + " " + key.substr(0, 4));
    }
    auto* item = month->AddSectionDictionary(kh_EVENT);
    FillEventSummary(event, index, zone, item);
    item->SetValue(kh_RESULT_TEXT, event.IsMaintenance()
                                       ? "This maintenance has been completed."
                                       : "This incident has been resolved.");
  }
  if (data.page.events.empty()) {
    bool filtered = filter.region || filter.impact;
    const char* text =
        data.query.before ? "There are no older events."
        : filtered ? "No closed incidents or finished maintenances match "
                     "these filters."
                   : "No closed incidents or finished maintenances yet.";
    dict->SetValueAndShowSection(kh_EMPTY_TEXT, text, kh_EMPTY);
  }

  if (data.page.newer || data.page.older) {
    auto* pager = dict->AddSectionDictionary(kh_PAGER);
    if (data.page.newer) {
      pager->SetValueAndShowSection(
          kh_NEWER_HREF,
          HistoryHref(filter, "after=" + FormatHistoryCursor(*data.page.newer)),
          kh_NEWER);
    }
    if (data.page.older) {
      pager->SetValueAndShowSection(
          kh_OLDER_HREF,
          HistoryHref(filter,
                      "before=" + FormatHistoryCursor(*data.page.older)),
          kh_OLDER);
    }
  }
}

// GET /history
//   ?region=NAME   only events touching a component in region NAME
//   ?impact=0..3   only events of that impact (0 maintenance ... 3 outage)
//   ?before=CURSOR the page of events just older than CURSOR ("Older")
//   ?after=CURSOR  the page of events just newer than CURSOR ("Newer")
// Events whose end_date has passed, ordered by end_date then id, newest
// first, under a heading per month of their end (the seed's grouping), at
// most kHistoryPageSize a page; CURSOR is YYYYMMDDhhmmss-ID of an event.
// 200 the page (also when empty); 404 for an unknown region; 400 for a bad
// impact, a malformed cursor, or both before and after.
Response HandleHistory(App& app, const Request& request) {
  HistoryData data;
  data.now = DbNow();
  Transaction snapshot(app.db(), Transaction::Kind::kDeferred);
  data.components = app.model().Components();
  HistoryQueryResult parsed =
      ParseHistoryQuery(request, ComponentRegions(data.components));
  if (parsed.status != 200) return app.ErrorPage(parsed.status, parsed.message);
  data.query = parsed.query;
  data.page = LoadHistoryPage(app.db(), data.now, data.query);
  snapshot.Commit();

  ctemplate::TemplateDictionary dict("history");
  PageChrome chrome = app.Chrome(request, "Event history", "history");
  if (data.query.filter.region) {
    chrome.feeds = RegionFeeds(*data.query.filter.region);
  }
  FillHistoryDictionary(data, chrome.zone, &dict);
  FillPageChrome(chrome, &dict);
  Response response;
  response.body = app.templates().Expand("history.tpl", dict);
  return response;
}

}  // namespace sdb
