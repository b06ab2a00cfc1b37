#!/usr/bin/env bash
# The shells whose completion scripts the tests run in (test/integration/cli/shell-completion.test.ts):
# Debian's zsh and fish (bash is there already). Idempotent: apt-get runs only for a missing one.
set -euo pipefail
missing=()
for shell in zsh fish; do command -v "$shell" >/dev/null || missing+=("$shell"); done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
zsh --version
fish --version
