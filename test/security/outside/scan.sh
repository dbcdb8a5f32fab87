#!/usr/bin/env bash
# The outside probe: sqlmap and wapiti (Debian's packages) against a local Kura,
# signed in as the demo admin, the way an attacker on the network would see it.
# Not part of `npm test` (it takes many minutes and tens of thousands of requests);
# run it by hand before a release:
#
#   apt-get install sqlmap wapiti
#   KURA_PERSIST_TO=/tmp/kura-scan KURA_DEMO_STORES=0 npm start      # in another terminal
#   bash test/security/outside/scan.sh [base URL, default http://127.0.0.1:8787]
#
# Only loopback is ever a target (the scanners get --scope and explicit URLs).
# Reports land in $OUT (default /tmp/kura-scan-reports): sqlmap's log per target
# and wapiti's JSON report. The script exits non-zero if sqlmap finds an injectable
# parameter or wapiti reports a vulnerability.
set -uo pipefail
BASE=${1:-http://127.0.0.1:8787}
OUT=${OUT:-/tmp/kura-scan-reports}
LEVEL=${SQLMAP_LEVEL:-2}
RISK=${SQLMAP_RISK:-1}
case "$BASE" in http://127.*|http://localhost*|http://\[::1\]*) ;; *) echo "only a local Kura may be scanned" >&2; exit 2 ;; esac
mkdir -p "$OUT"

# Sign in as the demo admin: the session cookie and the CSRF token for writes. (From an
# address of its own, locally given by CF-Connecting-IP: an earlier run's sign-in probe
# may have used up 127.0.0.1's sign-in attempts for ten minutes.)
cookie=$(curl -s -D - -o /dev/null -H "Origin: $BASE" -H 'content-type: application/json' -H "CF-Connecting-IP: 127.0.$((RANDOM % 250)).$((RANDOM % 250 + 2))" \
  -d '{"account":"demo","loginId":"admin","password":"DemoPassword2026"}' "$BASE/api/v1/auth/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(__Host-kura_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "sign-in failed: is Kura running at $BASE with the demo seed?" >&2; exit 2; }
csrf=$(curl -s -H "Cookie: $cookie" "$BASE/api/v1/me" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')
sku=$(curl -s -H "Cookie: $cookie" "$BASE/api/v1/skus?limit=1" | sed -n 's/.*"code":"\([^"]*\)".*/\1/p' | head -1)
order=$(curl -s -H "Cookie: $cookie" "$BASE/api/v1/orders?limit=1" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)
user=$(curl -s -H "Cookie: $cookie" "$BASE/api/v1/users" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)

common=(--batch --disable-coloring --ignore-code=400,401,403,404,409,413,415,422,429 --level="$LEVEL" --risk="$RISK" --threads=4 --flush-session --output-dir="$OUT/sqlmap"
  --cookie="$cookie" -H "Origin: $BASE" -H "X-CSRF-Token: $csrf")
found=0
probe() { # name, then sqlmap arguments
  local name=$1; shift
  echo "sqlmap: $name"
  sqlmap "${common[@]}" "$@" > "$OUT/sqlmap-$name.log" 2>&1
  if grep -q "is vulnerable\|sqlmap identified the following injection point" "$OUT/sqlmap-$name.log"; then echo "  INJECTABLE: see $OUT/sqlmap-$name.log"; found=1; fi
}
# Sign-in (no cookie needed; a made-up login ID so no real user is locked out; every
# request from another address, or the per-IP throttle would answer them all)
probe login -u "$BASE/api/v1/auth/login" --data '{"account":"demo*","loginId":"nobody*","password":"x*"}' -H 'Content-Type: application/json' --cookie='' \
  --tamper="$(cd "$(dirname "$0")" && pwd)/tamper/cf_ip.py"
# Every list and search route, with its filters
probe orders -u "$BASE/api/v1/orders?q=test&status=new&channelId=manual&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&stockWarning=true&limit=10"
probe order-ids -u "$BASE/api/v1/orders/ids?q=test&status=new&channelId=manual"
probe skus -u "$BASE/api/v1/skus?q=test&lowStock=true&limit=10"
probe stock -u "$BASE/api/v1/stock?q=test&lowStock=true"
probe reservations -u "$BASE/api/v1/stock/reservations?sku=${sku:-X}"
probe logs -u "$BASE/api/v1/logs/access?from=2026-01-01&to=2026-12-31"
# Path parameters (real ids, so a changed answer can be told from a 404)
probe sku-path -u "$BASE/api/v1/skus/${sku:-X}*"
probe ledger-path -u "$BASE/api/v1/stock/${sku:-X}*/ledger"
probe order-path -u "$BASE/api/v1/orders/${order:-X}*"
probe user-path -u "$BASE/api/v1/users/${user:-X}*"
probe channel-path -u "$BASE/api/v1/channels/x*/status"
# Writes with JSON bodies (each accepted request changes the throwaway state: a saved
# search, a stock adjustment of +1)
probe saved-search -u "$BASE/api/v1/saved-searches" --data '{"name":"probe*","query":"status=new"}' -H 'Content-Type: application/json'
probe adjust -u "$BASE/api/v1/stock/adjustments" --data "{\"items\":[{\"sku\":\"${sku:-X}*\",\"mode\":\"delta\",\"quantity\":1,\"reason\":\"probe*\"}]}" -H 'Content-Type: application/json'

# wapiti over the signed-in pages (crawl, then every attack module). The sign-out form
# (a Qwik action on every page) is left out, or the crawl would end its own session.
logout=$(curl -s -H "Cookie: $cookie" "$BASE/" | grep -o '<form action="?qaction=[^"]*"[^>]*><input[^>]*><button type="submit" id="logout"' | sed -n 's/.*qaction=\([^"]*\)".*/\1/p')
echo "wapiti: $BASE (signed in; sign-out action ${logout:-not found} excluded)"
/usr/bin/python3 "$(cd "$(dirname "$0")" && pwd)/wapiti.py" -u "$BASE/" --scope folder -H "Cookie: $cookie" -x "$BASE/api/v1/auth/logout" -x "$BASE/*qaction=${logout:-none}*" \
  --max-scan-time "${WAPITI_MAX_SECONDS:-900}" --flush-session -f json -o "$OUT/wapiti.json" > "$OUT/wapiti.log" 2>&1
vulns=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(v) for v in d.get('vulnerabilities',{}).values()))" "$OUT/wapiti.json" 2>/dev/null || echo "?")
echo "  wapiti vulnerabilities: $vulns (report: $OUT/wapiti.json)"
[ "$vulns" = "0" ] || found=1
echo "  the scan's own session at the end: HTTP $(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$BASE/api/v1/me") from GET /api/v1/me"
exit $found
