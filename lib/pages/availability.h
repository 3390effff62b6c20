// The availability page: the share of each calendar month (UTC) in which a
// component had no outage (impact 3), per region. The interval maths and
// the page's dictionary are pure functions, unit-tested without I/O; the
// outages come from store/component_outages.h.
#ifndef SDB_LIB_PAGES_AVAILABILITY_H_
#define SDB_LIB_PAGES_AVAILABILITY_H_

#include <ctemplate/template.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "store/component_outages.h"
#include "store/db.h"
#include "store/model.h"
#include "web/http.h"

namespace sdb {

// How many months the page shows without ?months=, and at most.
inline constexpr int kDefaultAvailabilityMonths = 6;
inline constexpr int kMaxAvailabilityMonths = 12;

// A calendar month in UTC: [start, end) in Unix seconds.
struct Month {
  int year = 0;
  int month = 0;  // 1..12
  long long start = 0;
  long long end = 0;
};

// The `count` calendar months up to and including the one `now` falls in,
// oldest first.
std::vector<Month> LastMonths(long long now, int count);

// What one month measured: seconds observed (the whole month, the current
// one only up to `now`) and seconds of those with an outage.
struct MonthFigure {
  long long measured = 0;
  long long down = 0;
};

// The figure of each of `months` for one component's `outages`, in any
// order: overlapping outages count once, an outage crossing a month boundary
// counts in each month for its part there, an open outage (and one whose
// end is after `now`) counts up to `now`, and nothing after `now` counts.
std::vector<MonthFigure> MonthlyFigures(std::vector<OutageInterval> outages,
                                        const std::vector<Month>& months,
                                        long long now);

// The available share in hundredths of a percent, rounded down so that any
// outage shows below 100 %: 10000 for a month without outage (and for one
// not measured at all), 9995 for 99.95 %.
int AvailabilityBasisPoints(const MonthFigure& figure);

// "100 %", "99.95 %", "0 %": AvailabilityBasisPoints as text.
std::string FormatAvailability(const MonthFigure& figure);

// The ?months= value: kDefaultAvailabilityMonths when absent, the number when
// it is a whole number from 1 to kMaxAvailabilityMonths, nullopt otherwise.
std::optional<int> ParseAvailabilityMonths(
    const std::optional<std::string>& value);

// The ids of the components whose rows the page shows: every component with
// a region (each region has its table), in catalog order.
std::vector<int64_t> ShownComponentIds(
    const std::vector<Component>& components);

// Everything the page shows, loaded by HandleAvailability.
struct AvailabilityData {
  std::string now;  // database time the page describes
  int months = kDefaultAvailabilityMonths;
  std::vector<Component> components;
  // LoadOutages over the months shown, for (at least) ShownComponentIds.
  std::vector<ComponentOutage> outages;
};

// Fills `dict` for templates/availability.tpl: one table per region, each
// in a region panel (page.h). `region` is the ?region= value (nullopt when
// absent): the region shown first and selected; an unknown one selects the
// first region and sets UNKNOWN_REGION. Returns false when `region` named
// no known region. The selected region is stored in `*shown` when not null
// ("" without regions).
bool FillAvailabilityDictionary(const AvailabilityData& data,
                                const std::optional<std::string>& region,
                                const DisplayZone& zone,
                                ctemplate::TemplateDictionary* dict,
                                std::string* shown = nullptr);

class App;

// The handler of the availability program (monthly availability per component);
// its route block is in availability.cc.
Response HandleAvailability(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_PAGES_AVAILABILITY_H_
