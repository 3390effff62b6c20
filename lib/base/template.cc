// Server-side templates: see template.h.
#include "base/template.h"

#include <sys/stat.h>

#include "base/error.h"

namespace sdb {

Templates::Templates(const std::string& dir) {
  struct stat info {};
  if (stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    throw Error("template directory " + dir +
                " does not exist (set SDB_TEMPLATE_DIR)");
  }
  ctemplate::mutable_default_template_cache()->SetTemplateRootDirectory(dir);
}

std::string Templates::Expand(const std::string& name,
                              const ctemplate::TemplateDictionary& dict) const {
  std::string output;
  if (!ctemplate::ExpandTemplate(name, ctemplate::STRIP_BLANK_LINES, &dict,
                                 &output)) {
    throw Error("cannot expand template " + name);
  }
  return output;
}

}  // namespace sdb
