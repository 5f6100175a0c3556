#!/usr/bin/env bash
# Starts the local PostgreSQL cluster when it is down, makes sure the `tandem` test role exists,
# and prints an administrative URL from which tests create their throwaway databases.
set -euo pipefail

# Only the URL goes to stdout: callers capture it. Everything the service tools say goes to stderr.
exec 3>&1 1>&2

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sudo -u postgres sh -c "$*"; fi
}

version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  as_postgres "pg_createcluster $version main" >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  if [ "$(id -u)" -eq 0 ]; then pg_ctlcluster "$version" main start 3>&-; else sudo pg_ctlcluster "$version" main start 3>&-; fi
fi
for _ in $(seq 1 30); do
  as_postgres "pg_isready -q" && break
  sleep 1
done
as_postgres "psql -q -v ON_ERROR_STOP=1 -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem') THEN CREATE ROLE tandem LOGIN CREATEDB PASSWORD 'tandem'; END IF; END \\\$\\\$;\"" >/dev/null
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
echo "postgres://tandem:tandem@127.0.0.1:${port}/postgres" >&3
