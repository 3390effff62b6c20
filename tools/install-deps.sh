#!/bin/sh
# Installs the Debian packages the project builds, runs and tests with.
# Idempotent: does nothing when all are present; `apt-get update` at most once.
set -eu
PACKAGES="g++ make pkg-config
  libfcgi-dev libcgicc-dev libctemplate-dev libsqlite3-dev libhiredis-dev
  libyaml-cpp-dev libssl-dev libboost-test-dev nlohmann-json3-dev
  libhowardhinnant-date-dev tzdata libcurl4-openssl-dev libxxhash-dev
  sqlite3 nginx redis-server redis-tools spawn-fcgi curl
  libxml2-utils python3 python3-icalendar chromium
  apache2 libapache2-mod-fcgid libapache2-mod-qos libfcgi-bin systemd jq python3-prometheus-client
  multiwatch clang libclang-rt-14-dev python3-aiosmtpd"
# The tests' OpenID provider (tests/node) runs on Node.js >= 20: the
# machine's own node when it has one, else Debian's nodejs and npm.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES="$PACKAGES nodejs npm"
fi
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/periodic/sdb-update-stamp
if [ ! -e "$stamp" ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
  $SUDO apt-get update -qq
  $SUDO mkdir -p "$(dirname "$stamp")" && $SUDO touch "$stamp"
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
