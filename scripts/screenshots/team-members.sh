#!/usr/bin/env bash
# Screenshot scene tui-team-members: the built program on a real team vault, set up the way a
# team does it, with the CLI. A one-member etcd on loopback (free ports, data in $SCENE_DIR);
# alice creates team acme and the billing-api app; bob joins and is granted staging; deploy-eu
# joins and is granted production; carol's request waits. Then alice's TUI opens on the team,
# and etcd is stopped when it quits. Each member has their own config folder (teams.json); their
# keys sit in the session's keychain (scripts/screenshots.sh runs under a throwaway one).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=${SCENE_DIR:?the screenshot runner sets SCENE_DIR}
coffer=("$(command -v node)" "$root/bin/coffer.cjs")

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
client=$(free_port)
peer=$(free_port)
url=http://127.0.0.1:$client
etcd --name m1 --data-dir "$dir/etcd" \
  --listen-client-urls "$url" --advertise-client-urls "$url" \
  --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
  --initial-cluster "m1=http://127.0.0.1:$peer" >"$dir/etcd.log" 2>&1 &
etcd_pid=$!
trap 'kill -9 "$etcd_pid" 2>/dev/null || true' EXIT
for _ in $(seq 150); do
  if etcdctl --endpoints "$url" endpoint health >/dev/null 2>&1; then break; fi
  sleep 0.1
done

as() { # MEMBER COFFER-ARGS...
  local who=$1
  shift
  XDG_CONFIG_HOME="$dir/$who" "${coffer[@]}" "$@" >/dev/null
}
set_value() { # MEMBER ADDRESS VALUE
  printf '%s' "$3" | XDG_CONFIG_HOME="$dir/$1" "${coffer[@]}" --team acme set "$2" >/dev/null
}

as alice team init acme --etcd "$url" --as alice
as alice --team acme app add billing-api
set_value alice billing-api/production/DATABASE_URL 'postgres://billing:prod-pass-1@db-1.internal:5432/billing'
set_value alice billing-api/production/STRIPE_SECRET_KEY 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'
set_value alice billing-api/staging/DATABASE_URL 'postgres://billing:staging-pass-1@db-s.internal:5432/billing'
as bob team join acme --etcd "$url" --as bob
as alice team grant bob billing-api/staging
as deploy-eu team join acme --etcd "$url" --as deploy-eu
as alice team grant deploy-eu billing-api/production
as carol team join acme --etcd "$url" --as carol

clear
XDG_CONFIG_HOME="$dir/alice" "${coffer[@]}" --team acme
