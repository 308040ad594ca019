#!/usr/bin/env bash
# All tests, on a fresh machine: installs the Debian package the tests read (Fashion-MNIST, for the end-to-end and
# nanoFramework tests; needs root and apt, as on CI), then runs every test project. Arguments go to dotnet test.
#   ./test.sh                      everything
#   ./test.sh --filter Learner     a subset
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ ! -d /usr/share/datasets/fashion-mnist ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1 \
      || echo "warning: could not install dataset-fashion-mnist; the tests that need it will say so"
  else
    echo "warning: Fashion-MNIST is not installed and this is not root with apt: run 'sudo apt-get install dataset-fashion-mnist', or the tests that need it fail saying so"
  fi
fi
exec dotnet test EdgeVae.sln -c Release "$@"
