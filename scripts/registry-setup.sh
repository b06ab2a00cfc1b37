#!/usr/bin/env bash
# Makes sure a local container registry answers on a loopback address, for the snapshot
# push/pull tests: Debian's docker-registry (distribution 2.8), with htpasswd credentials,
# over plain HTTP (the engine treats 127.0.0.0/8 registries as insecure ones by default).
# Idempotent and fast when it already runs. Prints nothing on stdout but the env file's path.
#
#   source "$(bash scripts/registry-setup.sh)"   # TESTBED_TEST_REGISTRY, _USER, _PASSWORD
set -euo pipefail

log() { printf 'registry-setup: %s\n' "$*" >&2; }
ADDR=${TESTBED_TEST_REGISTRY:-127.0.50.1:5000}
DIR=${TESTBED_REGISTRY_DIR:-/var/lib/testbed-registry}
ENV_FILE="$DIR/registry.env"
USER_NAME=testbed

answers() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$ADDR/v2/" 2>/dev/null | grep -q '^401$'; }

install_packages() {
  local missing=()
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The package starts its own service on :5000 of every address; only ours is wanted.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
  if [ -x /etc/init.d/docker-registry ]; then /etc/init.d/docker-registry stop >/dev/null 2>&1 || true; fi
}

configure() {
  mkdir -p "$DIR/data"
  chmod 700 "$DIR"
  if [ ! -s "$ENV_FILE" ]; then
    local password; password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
    htpasswd -Bbc "$DIR/htpasswd" "$USER_NAME" "$password" >/dev/null 2>&1
    printf 'TESTBED_TEST_REGISTRY=%s\nTESTBED_TEST_REGISTRY_USER=%s\nTESTBED_TEST_REGISTRY_PASSWORD=%s\n' \
      "$ADDR" "$USER_NAME" "$password" >"$ENV_FILE"
    chmod 600 "$ENV_FILE"
  fi
  cat >"$DIR/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
http:
  addr: $ADDR
auth:
  htpasswd:
    realm: testbed-test-registry
    path: $DIR/htpasswd
EOF
}

start() {
  answers && return 0
  log "starting docker-registry on $ADDR"
  nohup docker-registry serve "$DIR/config.yml" >"$DIR/registry.log" 2>&1 &
  for _ in $(seq 1 40); do
    answers && { log "registry ready"; return 0; }
    sleep 0.25
  done
  log "docker-registry did not answer on $ADDR within 10 s; see $DIR/registry.log"
  tail -n 20 "$DIR/registry.log" >&2 || true
  exit 1
}

install_packages
configure
start
echo "$ENV_FILE"
