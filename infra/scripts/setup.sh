#!/usr/bin/env bash
# Installs what the pipeline needs on a bare machine, idempotently: the .NET SDK is assumed
# (global.json pins it); librdkafka (the Kafka client's native library, which also hosts the
# development broker) comes from the system's packages.
set -euo pipefail

have_librdkafka() {
  ldconfig -p 2>/dev/null | grep -q 'librdkafka\.so\.1 '
}

need_apt=()
have_librdkafka || need_apt+=(librdkafka1)
if [ "${PIPELINE_SETUP_TEST_TOOLS:-0}" = "1" ]; then
  command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing ${need_apt[*]} and this is not a Debian/Ubuntu system (no apt-get)." >&2
    echo "setup: install librdkafka >= 2.0 with your package manager (dnf install librdkafka, brew install librdkafka, ...)" >&2
    echo "setup: so that librdkafka.so.1 is on the loader path, then run this again." >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO="sudo -n"
    else
      echo "setup: missing ${need_apt[*]}; installing needs root. Run: sudo apt-get update && sudo apt-get install -y ${need_apt[*]}" >&2
      exit 1
    fi
  fi
  echo "setup: installing ${need_apt[*]} with apt-get..." >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK is missing; install the version in global.json (https://dot.net) and run this again." >&2
  exit 1
fi
