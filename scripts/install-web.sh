#!/usr/bin/env bash
# Front-end libraries come from npm and are served by yusuan itself (no CDN at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f package.json ]; then
  exit 0
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --silent
fi
mkdir -p yusuan/web/static/vendor
if [ -f node_modules/echarts/dist/echarts.min.js ]; then
  cp node_modules/echarts/dist/echarts.min.js yusuan/web/static/vendor/echarts.min.js
fi
