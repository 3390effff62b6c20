// The history page: closed incidents and finished maintenances, newest
// first, grouped by month, a bounded page at a time. The queries live in
// store/history.h; the page is filled by a pure function so it can be
// unit-tested without I/O.
//
// Order and grouping: events are ordered by end_date, then id, newest first,
// and grouped under the month their end_date falls in (in the visitor's
// zone), as the seed's history does. Pages are cut by keyset on
// (end_date, id), never by OFFSET, so every page costs the same however far
// back it is.
#ifndef SDB_LIB_PAGES_HISTORY_H_
#define SDB_LIB_PAGES_HISTORY_H_

#include <ctemplate/template.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "store/db.h"
#include "store/history.h"
#include "store/model.h"
#include "web/http.h"

namespace sdb {

// "20260430100000-123" for end_date 2026-04-30 10:00:00 and id 123: digits
// and a dash, so it needs no escaping in a URL.
std::string FormatHistoryCursor(const HistoryCursor& cursor);
// The inverse; nullopt unless `text` is exactly that shape with a real time
// and an id from 1 to INT64_MAX.
std::optional<HistoryCursor> ParseHistoryCursor(const std::string& text);

// ParseHistoryQuery's answer: status 200 and the query, or a 4xx status
// and a message for the visitor.
struct HistoryQueryResult {
  int status = 200;
  std::string message;
  HistoryQuery query;
};

// Reads ?region=NAME (one of `regions`, else 404), ?impact=0..3 (else 400),
// ?before=CURSOR or ?after=CURSOR (malformed or both: 400). Other
// parameters are ignored.
HistoryQueryResult ParseHistoryQuery(const Request& request,
                                     const std::vector<std::string>& regions);

// Everything the history page shows.
struct HistoryData {
  std::string now;
  std::vector<Component> components;
  HistoryQuery query;
  HistoryPage page;
};

// The page's address for `filter` (and a cursor parameter such as
// "before=..." when not empty): "/history?region=R&impact=1&before=...".
std::string HistoryHref(const HistoryFilter& filter,
                        const std::string& cursor_param = "");

// Fills `dict` for templates/history.tpl; times and month headings are in
// `zone`.
void FillHistoryDictionary(const HistoryData& data, const DisplayZone& zone,
                           ctemplate::TemplateDictionary* dict);

class App;

// The handler of the history program (closed events by month); its route block
// is in history.cc.
Response HandleHistory(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_PAGES_HISTORY_H_
