#!/bin/sh
# Install PostgreSQL's server binaries (Debian's `postgresql` package) so the tests marked
# `postgres` can start a throwaway cluster. Does nothing when initdb is already there (on PATH
# or in /usr/lib/postgresql/*/bin); needs root otherwise (run it in CI images / containers).
set -eu

have_initdb() {
    command -v initdb >/dev/null 2>&1 && return 0
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && return 0
    done
    return 1
}

if have_initdb; then
    echo "install-postgres: initdb found, nothing to do"
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "install-postgres: initdb missing and not root: install the 'postgresql' package" \
         "(or set RECOUPE_TEST_PG_URL); the postgres tests will be skipped" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-postgres: no apt-get here; install PostgreSQL >= 13 by hand" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq; then
    echo "install-postgres: apt-get update failed (the postgres tests will be skipped)" >&2
    exit 0
fi
# the package would create and start a "main" cluster of its own: we only want the binaries
mkdir -p /etc/postgresql-common
[ -e /etc/postgresql-common/createcluster.conf ] || echo "create_main_cluster = false" \
    > /etc/postgresql-common/createcluster.conf
if ! apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold postgresql >/dev/null; then
    echo "install-postgres: apt-get could not install postgresql (the postgres tests will be skipped)" >&2
    exit 0
fi
for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && echo "install-postgres: installed $d"
done
