#!/usr/bin/env bash
# Starts a one-replica OpenStack Swift (proxy with tempauth + TempURL, account, container, object servers and
# memcached) on 127.0.0.1 with its data in a temporary folder, for the Swift conformance tests.
#   scripts/start-swift.sh [DIR]   -> prints SWIFT_DIR=..., SWIFT_PROXY_PORT=...
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
for _ in $(seq 1 60); do
  if curl -fs "http://127.0.0.1:$PORT/healthcheck" >/dev/null 2>&1; then
    echo "SWIFT_DIR=$DIR"
    echo "SWIFT_PROXY_PORT=$PORT"
    exit 0
  fi
  sleep 0.5
done
echo "swift did not start; logs in $DIR/log" >&2
tail -n 20 "$DIR"/log/*.log >&2
exit 1
