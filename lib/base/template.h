// Server-side templates: ctemplate files from the template directory,
// expanded with auto-escaping (every .tpl starts with an AUTOESCAPE pragma).
#ifndef SDB_LIB_WEB_TEMPLATE_H_
#define SDB_LIB_WEB_TEMPLATE_H_

#include <ctemplate/template.h>

#include <string>

namespace sdb {

class Templates {
 public:
  // Uses `dir` as the root for template names; throws sdb::Error when it
  // is not a readable directory.
  explicit Templates(const std::string& dir);

  // Expands template file `name` (e.g. "board.tpl"). Throws sdb::Error when
  // it cannot be loaded or parsed.
  std::string Expand(const std::string& name,
                     const ctemplate::TemplateDictionary& dict) const;
};

}  // namespace sdb

#endif  // SDB_LIB_WEB_TEMPLATE_H_
