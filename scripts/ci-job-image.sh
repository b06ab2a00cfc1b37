#!/usr/bin/env bash
# Builds the image examples/ci/gitlab-ci.yml's jobs run in when gitlab-ci-local runs the
# pipeline on this machine (no registry here: node:22-bookworm cannot be pulled). From
# debian:bookworm-slim: git and rsync (gitlab-ci-local's helper steps), this machine's Node.js
# binary, and this checkout's testbed (bin, dist, schema and its production dependencies) as
# `testbed` on PATH. Tagged by a hash of what goes in, so an unchanged checkout reuses the image
# (an older tag is removed when a new one is built). Prints the image reference on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCKER=/usr/bin/docker      # Debian's client, which matches the daemon
REPO=testbed/ci-job
log() { printf 'ci-job-image: %s\n' "$*" >&2; }

[ -f dist/cli/main.js ] || { log "building testbed (npm run build)"; npm run build >&2; }
node_bin=$(readlink -f "$(command -v node)")
deps=$(npm ls --omit=dev --all --parseable | tail -n +2 | sed "s|^$PWD/||" | sort -u)

dockerfile=$(cat <<'DOCKERFILE'
FROM debian:bookworm-slim
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git rsync ca-certificates \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
COPY node /usr/local/bin/node
COPY testbed /opt/testbed
RUN ln -s /opt/testbed/bin/testbed.js /usr/local/bin/testbed && testbed --version
LABEL dev.testbed.fixture=ci-job-image
DOCKERFILE
)

hash=$( { printf '%s\n' "$dockerfile" "$deps"; node --version; sha256sum "$node_bin" package.json package-lock.json;
          find bin dist schema -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -c1-12)
ref="$REPO:$hash"
if $DOCKER image inspect "$ref" >/dev/null 2>&1; then echo "$ref"; exit 0; fi

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
printf '%s\n' "$dockerfile" >"$ctx/Dockerfile"
cp "$node_bin" "$ctx/node"
mkdir -p "$ctx/testbed"
cp -r package.json bin dist schema "$ctx/testbed/"
# Only what testbed needs at run time: its production dependencies, as npm installed them.
printf '%s\n' "$deps" | rsync -a -r --files-from=- ./ "$ctx/testbed/"
log "building $ref"
$DOCKER build -q -t "$ref" "$ctx" >&2
for old in $($DOCKER image ls "$REPO" --format '{{.Repository}}:{{.Tag}}'); do
  [ "$old" = "$ref" ] || $DOCKER image rm "$old" >/dev/null 2>&1 || true
done
echo "$ref"
