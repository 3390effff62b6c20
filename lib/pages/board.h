// The status board page: what it shows, computed from model values by a
// pure function so it can be unit-tested without I/O.
#ifndef SDB_LIB_PAGES_BOARD_H_
#define SDB_LIB_PAGES_BOARD_H_

#include <ctemplate/template.h>

#include <optional>
#include <string>
#include <vector>

#include "base/timeutil.h"
#include "store/model.h"
#include "web/http.h"

namespace sdb {

// Everything the board shows, loaded by HandleBoard.
struct BoardData {
  std::string now;  // database time the page describes
  std::vector<Component> components;
  std::vector<Incident> active;   // Model::ActiveEvents(now)
  std::vector<Incident> planned;  // Model::PlannedMaintenances(now)
};

// Fills `dict` for templates/board.tpl: every region's categories, one
// region panel each (RegionPanels in page.h). `region` is the ?region=
// value (nullopt when absent): the region shown first and selected; an
// unknown one selects the first region and sets UNKNOWN_REGION. Times show
// in `zone`. Returns false when `region` named no known region.
bool FillBoardDictionary(const BoardData& data,
                         const std::optional<std::string>& region,
                         const DisplayZone& zone,
                         ctemplate::TemplateDictionary* dict);

class App;

// The handler of the board program (the status board); its route block is in
// board.cc.
Response HandleBoard(App& app, const Request& request);

}  // namespace sdb

#endif  // SDB_LIB_PAGES_BOARD_H_
