#!/usr/bin/env bash
# Measures the incident list, an incident page and a 5,000-entry timeline at volume: generates
# (once) 50 tenants, 100,000 incidents and 1,000,000 timeline entries, serves them with the
# release build, prints the query plans of the list, detail and timeline queries, and times
# requests made as a tenant analyst and as a platform responder (p50, p90, p99 over N runs).
#
#   scripts/scale-check.sh sqlite|postgres [N]
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
runs=${2:-200}
port=3210
work=target/scale
mkdir -p "$work"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

cargo build --release -p server --quiet
bin=target/release/tandem

case "$backend" in
  sqlite)
    url="sqlite://$work/scale.db?mode=rwc"
    fresh=$([ -f "$work/scale.db" ] && echo no || echo yes)
    sql() { sqlite3 "$work/scale.db" "$@"; }
    explain() { echo "EXPLAIN QUERY PLAN $1"; sqlite3 "$work/scale.db" "EXPLAIN QUERY PLAN $1"; }
    ;;
  postgres)
    admin=$(scripts/postgres.sh)
    url="${admin%/*}/tandem_scale"
    fresh=no
    if ! psql "$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = 'tandem_scale'" | grep -q 1; then
      psql "$admin" -qc "CREATE DATABASE tandem_scale"
      fresh=yes
    fi
    sql() { psql "$url" -tAc "$@"; }
    explain() { echo "EXPLAIN ANALYZE $1"; psql "$url" -c "EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY ON) $1"; }
    ;;
  *) echo "usage: $0 sqlite|postgres [runs]" >&2; exit 2 ;;
esac

if [ "$fresh" = yes ]; then
  echo "==> generating (50 tenants, 100,000 incidents, 1,000,000 timeline entries)"
  start=$(date +%s)
  DATABASE_URL=$url RUST_LOG=warn,tandem=info "$bin" generate
  echo "generated in $(( $(date +%s) - start )) s"
fi
[ "$backend" = postgres ] && psql "$url" -qc "ANALYZE"

echo "==> rows"
for table in tenants users incidents timeline_entries tasks; do
  printf '%-18s %s\n' "$table" "$(sql "SELECT COUNT(*) FROM $table")"
done

long_id=$(sql "SELECT i.id FROM incidents i JOIN tenants t ON t.id = i.tenant_id WHERE t.key = 'GENAA' AND i.number = 1")
genaa=$(sql "SELECT id FROM tenants WHERE key = 'GENAA'")
platform=$(sql "SELECT id FROM tenants WHERE kind = 'platform'")
echo "==> query plans (the long timeline is incident $long_id)"
explain "SELECT incidents.*, tenants.* FROM incidents LEFT JOIN tenants ON incidents.tenant_id = tenants.id WHERE incidents.tenant_id = $genaa AND incidents.effective_owner <> 'platform' ORDER BY incidents.id DESC LIMIT 51"
explain "SELECT COUNT(*) FROM (SELECT incidents.id FROM incidents INNER JOIN tenants ON incidents.tenant_id = tenants.id WHERE incidents.tenant_id = $genaa AND incidents.effective_owner <> 'platform' LIMIT 1001) AS capped"
explain "SELECT incidents.*, tenants.* FROM incidents LEFT JOIN tenants ON incidents.tenant_id = tenants.id WHERE (incidents.effective_owner <> 'tenant' OR incidents.tenant_id = $platform) ORDER BY incidents.id DESC LIMIT 51"
explain "SELECT COUNT(*) FROM (SELECT incidents.id FROM incidents INNER JOIN tenants ON incidents.tenant_id = tenants.id WHERE (incidents.effective_owner <> 'tenant' OR incidents.tenant_id = $platform) LIMIT 1001) AS capped"
explain "SELECT incidents.*, tenants.* FROM incidents LEFT JOIN tenants ON incidents.tenant_id = tenants.id WHERE (incidents.effective_owner <> 'tenant' OR incidents.tenant_id = $platform) AND incidents.status = 'investigating' AND incidents.severity = 'SEV1' ORDER BY incidents.id DESC LIMIT 51"
explain "SELECT incidents.*, tenants.* FROM incidents LEFT JOIN tenants ON incidents.tenant_id = tenants.id WHERE (incidents.effective_owner <> 'tenant' OR incidents.tenant_id = $platform) AND incidents.next_due_at < '2026-12-01' AND incidents.next_due_at IS NOT NULL ORDER BY incidents.next_due_at ASC, incidents.id ASC LIMIT 51"
explain "SELECT * FROM timeline_entries WHERE tenant_id = $genaa AND incident_id = $long_id AND visibility IN ('shared', 'tenant-internal') ORDER BY id DESC LIMIT 101"
explain "SELECT * FROM timeline_entries WHERE tenant_id = $genaa AND incident_id = $long_id AND visibility IN ('shared', 'tenant-internal') AND kind = 'note' AND id < 999999999 ORDER BY id DESC LIMIT 101"
explain "SELECT * FROM tasks WHERE incident_id = $long_id AND tenant_id = $genaa ORDER BY id ASC"

echo "==> serving on 127.0.0.1:$port"
DATABASE_URL=$url LEPTOS_SITE_ADDR=127.0.0.1:$port LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$bin" serve &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$port"
headers=(-H "Origin: $base" -H "Sec-Fetch-Site: same-origin" -H "Accept: application/json")
tenant_jar=$work/tenant.jar
platform_jar=$work/platform.jar
rm -f "$tenant_jar" "$platform_jar"
curl -sf -o /dev/null -c "$tenant_jar" -b "$tenant_jar" "${headers[@]}" \
  -d email=analyst@genaa.example -d password=tandem-demo-password "$base/api/auth/sign-in"
curl -sf -o /dev/null -c "$platform_jar" -b "$platform_jar" "${headers[@]}" \
  -d email=responder@platform.example -d password=tandem-demo-password "$base/api/auth/sign-in"
code=$(python3 -c 'import base64,hashlib,hmac,struct,time
key = base64.b32decode("JBSWY3DPEHPK3PXP")
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))')
curl -sf -o /dev/null -c "$platform_jar" -b "$platform_jar" "${headers[@]}" -d code="$code" "$base/api/auth/second-factor"

# Times `runs` sequential GETs of $2 with cookie jar $1 and prints p50/p90/p99 in ms.
measure() {
  local jar=$1 path=$2 label=$3
  curl -sf -o /dev/null -b "$jar" "$base$path" || { echo "$label: request failed"; return 1; }
  for _ in $(seq 1 "$runs"); do
    curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "$base$path"
  done | sort -n | awk -v label="$label" '{ t[NR] = $1 * 1000 } END {
    printf "%-44s p50 %6.1f ms   p90 %6.1f ms   p99 %6.1f ms   (n=%d)\n", label, t[int(NR * 0.5)], t[int(NR * 0.9)], t[int(NR * 0.99)], NR }'
}

echo "==> request times, $runs sequential requests each ($backend)"
measure "$tenant_jar" "/incidents" "list page, tenant analyst"
measure "$tenant_jar" "/api/incidents/list" "list data, tenant analyst"
measure "$platform_jar" "/incidents" "list page, platform responder"
measure "$platform_jar" "/api/incidents/list?filter%5Bstatus%5D=investigating&filter%5Bseverity%5D=SEV1" "list, platform: status + severity"
measure "$platform_jar" "/api/incidents/list?filter%5Boverdue%5D=yes&filter%5Bsort%5D=due" "list, platform: overdue by deadline"
measure "$platform_jar" "/api/incidents/list?filter%5Bq%5D=gateway" "list, platform: text search"
measure "$tenant_jar" "/incidents/GENAA-2" "incident page (short timeline)"
measure "$tenant_jar" "/incidents/GENAA-1" "incident page, 5,000-entry timeline"
measure "$tenant_jar" "/api/incidents/get?key=GENAA-1&kind=note&before=$(sql "SELECT MAX(id) - 2500 FROM timeline_entries WHERE incident_id = $long_id")" "5,000-entry timeline, notes, mid-way page"
