#!/bin/sh
# `make install` and `make uninstall`: lays the built programs and the data
# files out under FHS paths, and takes away exactly what it laid out.
#   tools/install.sh install BIN_DIR
#   tools/install.sh uninstall
# Paths come from the environment (the Makefile passes them): DESTDIR,
# PREFIX, SYSCONFDIR, LOCALSTATEDIR, SYSTEMDUNITDIR, SYSUSERSDIR.
#
# install writes a manifest of every file and directory it created to
# $DATADIR/install-manifest; uninstall removes those files, then those
# directories when empty. The configuration is removed only when it is
# still the file install wrote (an edited one is kept, as is any database).
set -eu
action=${1:?usage: tools/install.sh install BIN_DIR | uninstall}
root=$(cd "$(dirname "$0")/.." && pwd)

DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr}
SYSCONFDIR=${SYSCONFDIR:-/etc}
LOCALSTATEDIR=${LOCALSTATEDIR:-/var}
SYSTEMDUNITDIR=${SYSTEMDUNITDIR:-$PREFIX/lib/systemd/system}
SYSUSERSDIR=${SYSUSERSDIR:-$PREFIX/lib/sysusers.d}
LIBEXECDIR=$PREFIX/lib/status-dashboard
BINDIR=$PREFIX/bin
DATADIR=$PREFIX/share/status-dashboard
CONFDIR=$SYSCONFDIR/status-dashboard
STATEDIR=$LOCALSTATEDIR/lib/status-dashboard
MANIFEST=$DATADIR/install-manifest

# The installed paths in configuration files written for /usr and /etc.
localize() {
  sed -e "s#/usr/lib/status-dashboard#$LIBEXECDIR#g" \
      -e "s#/usr/share/status-dashboard#$DATADIR#g" \
      -e "s#/usr/bin/sdb-admin#$BINDIR/sdb-admin#g" \
      -e "s#/etc/status-dashboard#$CONFDIR#g" \
      -e "s#/var/lib/status-dashboard#$STATEDIR#g" "$1"
}

if [ "$action" = install ]; then
  bin=${2:?usage: tools/install.sh install BIN_DIR}
  [ -z "$DESTDIR" ] || install -d "$DESTDIR"
  list=$(mktemp)
  trap 'rm -f "$list"' EXIT
  # dir PATH: creates PATH and its missing parents, recording each.
  dir() {
    missing=""
    p=$1
    while [ "$p" != / ] && [ ! -d "$DESTDIR$p" ]; do missing="$p $missing"; p=$(dirname "$p"); done
    for p in $missing; do
      install -d -m 755 "$DESTDIR$p"
      echo "d $p" >> "$list"
    done
  }
  # file MODE SOURCE TARGET [localize]: installs one file and records it.
  file() {
    dir "$(dirname "$3")"
    if [ "${4:-}" = localize ]; then
      localize "$2" > "$DESTDIR$3.tmp"
      install -m "$1" "$DESTDIR$3.tmp" "$DESTDIR$3"
      rm -f "$DESTDIR$3.tmp"
    else
      install -m "$1" "$2" "$DESTDIR$3"
    fi
    echo "f $3" >> "$list"
  }

  for program in "$root"/cgi-bin/*.cc; do
    name=$(basename "$program" .cc)
    file 755 "$bin/$name" "$LIBEXECDIR/$name"
  done
  file 755 "$bin/sdb-admin" "$BINDIR/sdb-admin"
  cd "$root"
  for f in $(find templates static sql bootstrap -type f | sort); do
    file 644 "$f" "$DATADIR/$f"
  done
  for f in $(find nginx conf/apache -type f -name '*.conf' | sort); do
    file 644 "$f" "$DATADIR/${f#conf/}" localize
  done
  file 644 conf/sdb.conf "$DATADIR/sdb.conf.example" localize
  # Apache's document root: nothing is served from it.
  dir "$DATADIR/apache/htdocs"
  for f in conf/systemd/*.service conf/systemd/*.socket conf/systemd/*.target; do
    file 644 "$f" "$SYSTEMDUNITDIR/$(basename "$f")" localize
  done
  file 644 conf/systemd/status-dashboard.sysusers "$SYSUSERSDIR/status-dashboard.conf" localize
  # The configuration: kept when present; it holds secrets.
  dir "$CONFDIR"
  if [ ! -e "$DESTDIR$CONFDIR/sdb.conf" ]; then
    sed -e "s#^SDB_DATABASE=.*#SDB_DATABASE=$STATEDIR/status.db#" \
        -e "s#^SDB_TEMPLATE_DIR=.*#SDB_TEMPLATE_DIR=$DATADIR/templates#" \
        conf/sdb.conf > "$DESTDIR$CONFDIR/sdb.conf"
    chmod 640 "$DESTDIR$CONFDIR/sdb.conf"
    echo "c $CONFDIR/sdb.conf $(sha256sum < "$DESTDIR$CONFDIR/sdb.conf" | cut -d' ' -f1)" >> "$list"
  fi
  # The database directory (systemd's StateDirectory= also makes it).
  dir "$STATEDIR"
  # Files of an earlier install stay recorded (install over install).
  if [ -f "$DESTDIR$MANIFEST" ]; then cat "$DESTDIR$MANIFEST" >> "$list"; fi
  echo "f $MANIFEST" >> "$list"
  sort -u "$list" > "$DESTDIR$MANIFEST"
  chmod 644 "$DESTDIR$MANIFEST"
  echo "installed under ${DESTDIR:-/} (manifest: $MANIFEST)"
elif [ "$action" = uninstall ]; then
  if [ ! -f "$DESTDIR$MANIFEST" ]; then
    echo "uninstall: no $DESTDIR$MANIFEST: nothing was installed with PREFIX=$PREFIX" >&2
    exit 1
  fi
  manifest=$(cat "$DESTDIR$MANIFEST")
  echo "$manifest" | while read -r kind path sum; do
    case $kind in
      f) rm -f "$DESTDIR$path" ;;
      c)
        if [ -f "$DESTDIR$path" ] &&
           [ "$(sha256sum < "$DESTDIR$path" | cut -d' ' -f1)" = "$sum" ]; then
          rm -f "$DESTDIR$path"
        elif [ -e "$DESTDIR$path" ]; then
          echo "uninstall: keeping $DESTDIR$path (changed since install)"
        fi
        ;;
    esac
  done
  # Directories deepest first; those still holding something (a database,
  # an edited configuration, someone else's files) stay.
  echo "$manifest" | awk '$1 == "d" { print length($2), $2 }' | sort -rn | cut -d' ' -f2- |
    while read -r path; do
      rmdir "$DESTDIR$path" 2>/dev/null ||
        { [ -d "$DESTDIR$path" ] && echo "uninstall: keeping $DESTDIR$path (not empty)"; } || true
    done
  echo "uninstalled from ${DESTDIR:-/}"
else
  echo "usage: tools/install.sh install BIN_DIR | uninstall" >&2
  exit 2
fi
