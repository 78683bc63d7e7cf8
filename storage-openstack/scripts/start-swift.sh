#!/usr/bin/env bash
# Starts a one-replica OpenStack Swift (proxy with tempauth + TempURL, account, container, object servers and
# memcached) on 127.0.0.1 with its data in a temporary folder, for the Swift conformance tests.
#   scripts/start-swift.sh [DIR]   -> prints SWIFT_DIR=..., SWIFT_PROXY_PORT=... once every server answers
# Environment: SWIFT_PROXY_PORT (default 18080; storage servers and memcached use +10 to +15),
# SWIFT_READY_TIMEOUT (seconds to wait for readiness, default 90).
# Stop it with: kill $(cat "$DIR"/run/*.pid)
# Installs Debian's packages when they are missing (needs root): swift-proxy swift-account swift-container
# swift-object memcached.
set -euo pipefail
DIR="${1:-$(mktemp -d /tmp/stowage-swift.XXXXXX)}"
PORT="${SWIFT_PROXY_PORT:-18080}"
BASE=$((PORT + 10))

if ! command -v swift-proxy-server >/dev/null || ! command -v memcached >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends swift swift-proxy swift-account swift-container swift-object \
    memcached >/dev/null
fi

mkdir -p "$DIR"/{etc,srv/node/d1,run,log,cache}
ETC="$DIR/etc"
cat > "$ETC/swift.conf" <<CONF
[swift-hash]
swift_hash_path_suffix = stowage-test
swift_hash_path_prefix = stowage-test
[storage-policy:0]
name = Policy-0
default = yes
CONF

for kind in account container object; do
  case $kind in account) p=$((BASE + 2));; container) p=$((BASE + 1));; object) p=$BASE;; esac
  (cd "$ETC" && swift-ring-builder $kind.builder create 4 1 1 >/dev/null &&
     swift-ring-builder $kind.builder add r1z1-127.0.0.1:$p/d1 1 >/dev/null &&
     swift-ring-builder $kind.builder rebalance >/dev/null || true)
  cat > "$ETC/$kind-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $p
devices = $DIR/srv/node
mount_check = false
swift_dir = $ETC
user = $(id -un)
workers = 1
log_name = $kind
log_facility = LOG_LOCAL0
log_address = /dev/null
[pipeline:main]
pipeline = $kind-server
[app:$kind-server]
use = egg:swift#$kind
CONF
done

MEMCACHE_PORT=$((BASE + 5))
cat > "$ETC/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $PORT
swift_dir = $ETC
user = $(id -un)
workers = 1
log_address = /dev/null
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats tempurl tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true
[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin
reseller_prefix = AUTH
[filter:tempurl]
use = egg:swift#tempurl
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$MEMCACHE_PORT
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF

memcached -u "$(id -un)" -l 127.0.0.1 -p "$MEMCACHE_PORT" -m 32 -d -P "$DIR/run/memcached.pid"
for s in object container account proxy; do
  nohup swift-$s-server "$ETC/$s-server.conf" > "$DIR/log/$s.log" 2>&1 &
  echo $! > "$DIR/run/$s.pid"
done
# The proxy answers its healthcheck before the account, container and object servers accept requests; on a loaded
# machine the first container PUT then fails with 503. Ready means a probe container and object can be written, read
# and removed through the proxy (which touches all three servers); retried until SWIFT_READY_TIMEOUT seconds.
log_tail() {
  echo "logs in $DIR/log" >&2
  tail -n 20 "$DIR"/log/*.log >&2
}
probe() {
  local url="http://127.0.0.1:$PORT" headers token storage
  headers=$(curl -fsS -D - -o /dev/null -H "X-Storage-User: test:tester" -H "X-Storage-Pass: testing" \
    "$url/auth/v1.0" 2>/dev/null) || return 1
  token=$(printf '%s' "$headers" | tr -d '\r' | sed -n 's/^[Xx]-[Aa]uth-[Tt]oken: //p')
  storage=$(printf '%s' "$headers" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]torage-[Uu]rl: //p')
  [ -n "$token" ] && [ -n "$storage" ] || return 1
  local c="$storage/stowage-ready-probe" auth="X-Auth-Token: $token"
  curl -fsS -o /dev/null -X PUT -H "$auth" "$c" &&
    curl -fsS -o /dev/null -X PUT -H "$auth" --data-binary ready "$c/probe" &&
    [ "$(curl -fsS -H "$auth" "$c/probe")" = ready ] &&
    curl -fsS -o /dev/null -X DELETE -H "$auth" "$c/probe" &&
    curl -fsS -o /dev/null -X DELETE -H "$auth" "$c"
}
TIMEOUT="${SWIFT_READY_TIMEOUT:-90}"
start=$(date +%s)
until curl -fs "http://127.0.0.1:$PORT/healthcheck" >/dev/null 2>&1; do
  if [ $(( $(date +%s) - start )) -ge "$TIMEOUT" ]; then
    echo "swift did not start: the proxy did not answer its healthcheck within ${TIMEOUT}s" >&2
    log_tail
    exit 1
  fi
  sleep 0.2
done
healthy=$(date +%s)
until probe 2>/dev/null; do
  if [ $(( $(date +%s) - start )) -ge "$TIMEOUT" ]; then
    echo "swift did not start: the proxy answers, but a probe container and object could not be written, read" \
      "and removed within ${TIMEOUT}s (account, container or object server not ready)" >&2
    probe >&2 || true
    log_tail
    exit 1
  fi
  sleep 0.2
done
echo "SWIFT_DIR=$DIR"
echo "SWIFT_PROXY_PORT=$PORT"
echo "SWIFT_READY_SECONDS=$(( $(date +%s) - start )) (storage servers ready $(( $(date +%s) - healthy ))s after the proxy)"
