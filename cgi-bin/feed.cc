// feed: the RSS, Atom, JSON Feed and maintenance calendar feeds.
#include "pages/feed.h"

#include "web/serve.h"

int main() {
  sdb::ServeSpec spec;
  spec.cache = true;
  spec.cache_params = {"mt", "srv"};
  return sdb::RunProgram("feed", spec, sdb::HandleFeed);
}
