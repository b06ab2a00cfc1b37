#!/usr/bin/env bash
# Makes sure a Docker engine answers and the local base images exist.
# Idempotent and fast when everything is already there: CI calls it on every run.
# No registry is reachable on the project's machines, so base images are built locally.
set -euo pipefail

log() { printf 'engine-setup: %s\n' "$*" >&2; }
SOCK=${TESTBED_ENGINE_SOCKET:-/var/run/docker.sock}
# /usr/local/bin/docker on these machines is a newer client only; Debian's matches the daemon.
DOCKER=/usr/bin/docker

engine_answers() { [ -S "$SOCK" ] && curl -fsS --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  # The Python Compose 1.29, a peer that tests compare `testbed config` with (test/integration/config).
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  # gitlab-ci-local (examples/ci's pipeline test) copies the checkout with rsync and git.
  command -v rsync >/dev/null 2>&1 || missing+=(rsync)
  command -v git >/dev/null 2>&1 || missing+=(git)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

start_engine() {
  engine_answers && return 0
  log "starting dockerd"
  nohup dockerd --host "unix://$SOCK" >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    engine_answers && { log "engine ready"; return 0; }
    sleep 0.5
  done
  log "dockerd did not answer within 30 s; see /var/log/dockerd.log"
  tail -n 20 /var/log/dockerd.log >&2 || true
  exit 1
}

has_image() { $DOCKER image inspect "$1" >/dev/null 2>&1; }

make_busybox() {
  has_image busybox:latest && return 0
  log "making busybox:latest"
  local dir; dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc" "$dir/var/www"
  cp /bin/busybox "$dir/bin/"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$dir/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >>"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
  chmod 1777 "$dir/tmp"
  tar -C "$dir" -c . | $DOCKER import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - busybox:latest >/dev/null
  rm -rf "$dir"
}

make_debian() {
  has_image debian:bookworm-slim && return 0
  log "making debian:bookworm-slim with debootstrap (about 30-60 s)"
  local dir; dir=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$dir" >/tmp/debootstrap.log 2>&1 \
    || { tail -n 20 /tmp/debootstrap.log >&2; exit 1; }
  # Like the official slim image: no apt caches, and apt can run inside builds.
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | $DOCKER import -c 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
  rm -rf "$dir"
}

install_packages
start_engine
make_busybox
make_debian
log "ok: engine at $SOCK, base images busybox:latest and debian:bookworm-slim present"
