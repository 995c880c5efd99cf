#!/usr/bin/env bash
# The packages as users get them: publishes every public package to a throwaway Verdaccio on 127.0.0.1
# (nx release publish), then, each in an empty directory outside the workspace:
#  1. installs @silvertine/cli and @silvertine/paper and runs a paper session with the published CLI;
#  2. installs @silvertine/binance alone and lists what it pulled in (no IB or @stoqey packages);
#  3. scaffolds a plugin with `npm init @silvertine/broker`, builds it, runs its contract suite and
#     publishes it; installs it into a separate global prefix, where it gets its own copy of
#     @silvertine/core, and has the published CLI load it through `plugins:` (config validate names the
#     file and both cores) and fill an order with it;
#  4. checks that `npm install inversify@8` beside core is refused with core's supported range.
# Verdaccio is stopped and everything removed on exit, whatever happens.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/tools/registry"
work="$(mktemp -d "${TMPDIR:-/tmp}/silvertine-registry-XXXXXX")"
verdaccio_pid=""
started=$(date +%s)

cleanup() {
  local status=$?
  if [ -n "$verdaccio_pid" ] && kill -0 "$verdaccio_pid" 2>/dev/null; then
    kill "$verdaccio_pid" 2>/dev/null || true
    wait "$verdaccio_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$work/verdaccio.log" ]; then
    echo "--- verdaccio log (last 20 lines) ---" >&2
    tail -n 20 "$work/verdaccio.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { echo "[registry-check +$(( $(date +%s) - started ))s] $*"; }
fail() { echo "registry-check: $*" >&2; exit 1; }
quiet_npm() { npm --no-audit --no-fund --prefer-offline --loglevel=error "$@"; }

# --- a throwaway registry ------------------------------------------------------------------------
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})')"
registry="http://127.0.0.1:$port/"
cp "$here/verdaccio.yaml" "$work/verdaccio.yaml"
(cd "$work" && exec "$root/node_modules/.bin/verdaccio" --config "$work/verdaccio.yaml" --listen "127.0.0.1:$port") >"$work/verdaccio.log" 2>&1 &
verdaccio_pid=$!
node "$here/registry-client.js" wait "$registry"
token="$(node "$here/registry-client.js" token "$registry")"
step "verdaccio listening on $registry (pid $verdaccio_pid)"

# npm settings for every command below: the user's own npmrc, plus the local registry for our scopes only
# (everything else still comes from the usual registry, through the warm cache).
userconfig="$(npm config get userconfig)"
{ [ -f "$userconfig" ] && cat "$userconfig"; echo; echo "@silvertine:registry=$registry"; echo "@acme:registry=$registry"; echo "//127.0.0.1:$port/:_authToken=$token"; } >"$work/npmrc"
export NPM_CONFIG_USERCONFIG="$work/npmrc"

# --- publish every package the Nx way --------------------------------------------------------------
# What each package's prepack does (build; create-broker copies the generator's templates), run once up
# front: one Nx run with its cache instead of a nested Nx process per package (≈ 3 min less).
step "building the release projects, then nx release publish"
(cd "$root" && npx nx run-many -t build --projects="$(node -p 'require("./nx.json").release.projects.join(",")')" --outputStyle=static) >"$work/build.log" 2>&1 || { tail -n 60 "$work/build.log" >&2; fail "build failed"; }
node "$root/tools/create-broker/scripts/copy-shared-templates.js" >/dev/null
(cd "$root" && npm_config_ignore_scripts=true npx nx release publish --registry="$registry" --tag=latest --outputStyle=static) >"$work/publish.log" 2>&1 || { tail -n 60 "$work/publish.log" >&2; fail "nx release publish failed"; }
published="$(npm search --registry="$registry" --json @silvertine 2>/dev/null | node -e 'let t="";process.stdin.on("data",d=>t+=d).on("end",()=>console.log(JSON.parse(t).map(p=>p.name).sort().join(" ")))')"
step "published: $published"
for name in core paper binance ib config monitoring resilience redis shadow composition binance-emulator tws-emulator cli create-broker; do
  case " $published " in *" @silvertine/$name "*) ;; *) fail "@silvertine/$name is not in the local registry" ;; esac
done

# --- 1. the CLI and paper, and a paper session -------------------------------------------------------
step "1. npm install @silvertine/cli @silvertine/paper in an empty directory"
mkdir "$work/user" && cd "$work/user" && npm init -y >/dev/null
quiet_npm install @silvertine/cli @silvertine/paper >/dev/null
./node_modules/.bin/silvertine --help >/dev/null || fail "silvertine --help failed"
./node_modules/.bin/silvertine run --exit --no-monitoring --json >"$work/session.json" 2>"$work/session.err" || { cat "$work/session.err" >&2; fail "silvertine run failed"; }
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
  const r = JSON.parse(lines[lines.length - 1]);
  if (!(r.orders > 0) || r.byStatus.FILLED !== r.orders) { console.error(r); process.exit(1); }
  console.log(`  paper session: ${r.bars} bars, ${r.orders} orders, ${r.fills} fills, equity ${r.equity}`);
' "$work/session.json" || fail "the paper session did not fill its orders"

# --- 2. Binance alone --------------------------------------------------------------------------------
step "2. npm install @silvertine/binance alone: what it pulled in"
mkdir "$work/binance-only" && cd "$work/binance-only" && npm init -y >/dev/null
quiet_npm install @silvertine/binance >/dev/null
node "$here/install-report.js" . --forbid '^(@stoqey/|@silvertine/ib$)'
node -e 'const b = require("@silvertine/binance"); if (typeof b.BinanceBroker !== "function") process.exit(1)' || fail "@silvertine/binance does not load"

# --- 3. an outside author's plugin with its own core, loaded by the published CLI ----------------------
step "3. npm init @silvertine/broker acme-venue --scope @acme; build, contract suite, publish"
mkdir "$work/author" && cd "$work/author"
npm init --yes @silvertine/broker -- acme-venue --scope @acme
cd acme-venue
quiet_npm install >/dev/null
npm run --silent build
npx jest --ci 2>&1 | tail -n 5
npm publish --registry="$registry" >/dev/null 2>&1 || fail "publishing @acme/acme-venue failed"

step "   npm install -g --prefix <global> @acme/acme-venue (it gets its own @silvertine/core there)"
global="$work/global"
quiet_npm install -g --prefix "$global" @acme/acme-venue >/dev/null
[ -f "$global/lib/node_modules/@acme/acme-venue/node_modules/@silvertine/core/package.json" ] || fail "the global plugin has no core of its own"

cd "$work/user"
cat >venue.yaml <<YAML
plugins:
  - "@acme/acme-venue"
brokers:
  acme:
    type: acme-venue
    trading:
      balances: { USDT: "100000" }
      account_id: acme-demo
      prices: { BTCUSDT: "50000" }
YAML
export npm_config_prefix="$global"
./node_modules/.bin/silvertine config validate venue.yaml | tee "$work/validate.txt"
grep -q "from $global/lib/node_modules/@acme/acme-venue/dist/index.js" "$work/validate.txt" || fail "config validate does not name the plugin's file in the global prefix"
grep -q "loads its own @silvertine/core ($global/lib/node_modules/@acme/acme-venue/node_modules/@silvertine/core)" "$work/validate.txt" || fail "config validate does not name the plugin's own core"
./node_modules/.bin/silvertine order buy BTCUSDT 0.01 --config venue.yaml --json >"$work/order.json" || fail "silvertine order with the plugin failed"
node -e '
  const text = require("fs").readFileSync(process.argv[1], "utf8").trim();
  const order = JSON.parse(text.split("\n").pop());
  if (order.status !== "FILLED" || order.filledQuantity !== "0.01") { console.error(order); process.exit(1); }
  console.log(`  order ${order.clientOrderId} on acme: ${order.status} ${order.filledQuantity} at ${order.averageFillPrice}`);
' "$work/order.json" || fail "the plugin did not fill the order"
unset npm_config_prefix

# --- 4. an unsupported Inversify beside core is refused --------------------------------------------
step "4. npm install inversify@8 beside @silvertine/core"
if quiet_npm install inversify@8 >"$work/inversify8.log" 2>&1; then fail "npm accepted inversify@8 beside @silvertine/core"; fi
grep -q 'inversify@"~7.11.0"' "$work/inversify8.log" || { cat "$work/inversify8.log" >&2; fail "npm's refusal does not name core's inversify range"; }
grep -m1 'peer inversify@"~7.11.0"' "$work/inversify8.log" | sed 's/^/  npm: /'

step "done: every check passed"
