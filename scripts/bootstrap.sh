#!/usr/bin/env bash
# Brings a fresh machine to the point where `npm test` and `npm run demo` work:
# Node >= 22.12 (from the npm registry when the machine's Node is older), the project's
# npm packages (native ones built against the running Node's headers), and redis-server
# (from Debian when missing). Safe to run again; it skips what is already there.
# Meant to be sourced (`. scripts/bootstrap.sh`) so the PATH it sets carries over.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

node_ok() {
  command -v node >/dev/null 2>&1 && node -e '
    const [a, b] = process.versions.node.split(".").map(Number);
    process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}

if ! node_ok; then
  say "Node $(node -v 2>/dev/null || echo none) is older than 22.12; installing node@22 from the npm registry into /usr/local"
  npm install -g --prefix /usr/local --allow-scripts=node node@22 >/dev/null 2>&1 \
    || npm install -g --prefix /usr/local node@22 >/dev/null
  export PATH="/usr/local/bin:$PATH"
  hash -r
fi
node_ok || { echo "Node >= 22.12 is required (found $(node -v))" >&2; exit 1; }

# Native addons (talib, msgpackr-extract) must compile against the headers of the Node
# that runs them, not against whatever `nodedir` the machine's npm config names.
major=$(node -p 'process.versions.node.split(".")[0]')
for d in "$(dirname "$(node -p process.execPath)")/.." /usr/local/lib/node_modules/node/node_modules/node-linux-* /usr; do
  if [ -f "$d/include/node/node_version.h" ] && grep -q "define NODE_MAJOR_VERSION $major\$" "$d/include/node/node_version.h"; then
    export npm_config_nodedir="$(cd "$d" && pwd)"
    break
  fi
done

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (node $(node -v))"
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! command -v redis-server >/dev/null 2>&1; then
  say "redis-server not found; installing it from Debian"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq redis-server >/dev/null
  fi
fi
