/**
 * The dashboard: one self-contained HTML page (no CDN, no build step) that loads a snapshot from
 * `/dashboard/snapshot` and then follows `/dashboard/events` (server-sent events). Every value is set
 * with textContent, never innerHTML, so broker ids, symbols or alert messages cannot inject markup.
 * Money arrives as Decimal strings and is shown as is; the page does no arithmetic on it. Charts are drawn
 * with uPlot, served by the same server from node_modules (`dashboard/uplot.js`); Decimal strings become
 * numbers only there, for drawing. `window.silvertineCharts` exposes what each chart holds (for tests).
 */
export function renderDashboardPage(title = 'Silvertine monitoring'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><span id="overall" class="badge" data-testid="overall">…</span><span id="live" class="muted" data-testid="live">connecting</span></header>
<main>
<section data-testid="charts"><h2>Equity and P&amp;L (realized + unrealized − commissions, since the session started)</h2>
<div id="chart-pnl" class="chart" data-testid="chart-pnl"></div>
<h2>Price with the session's fills (green buy, red sell)</h2><div id="chart-prices" data-testid="chart-prices"></div>
<h2>Positions</h2><div id="chart-positions" class="chart" data-testid="chart-positions"></div>
<div class="muted" id="charts-note" data-testid="charts-note">no market data or fills yet</div>
</section>
<section><h2>Brokers</h2>
<table data-testid="brokers"><thead><tr><th>broker</th><th>venue</th><th>connection</th><th>health</th><th>orders</th><th>filled</th><th>rejected</th><th>canceled</th><th>errors</th><th>ack avg / p99</th><th>uptime</th><th>rate limits</th></tr></thead><tbody id="brokers"></tbody></table>
</section>
<section><h2>Order latency (submit → ack, submit → first fill)</h2><div id="latency" data-testid="latency"></div></section>
<section class="row">
<div><h2>Process</h2><dl data-testid="process"><dt>memory (RSS)</dt><dd id="rss">–</dd><dt>heap used</dt><dd id="heap">–</dd><dt>CPU</dt><dd id="cpu">–</dd></dl></div>
<div class="grow"><h2>Recent alerts</h2><ul id="alerts" data-testid="alerts"></ul></div>
</section>
<section data-testid="shadow-panel"><h2>Shadow fill gap (live − paper; positive price gap = live worse)</h2>
<table data-testid="shadow"><thead><tr><th>broker</th><th>symbol</th><th>side</th><th>type</th><th>orders</th><th>filled both</th><th>live only</th><th>paper only</th><th>price gap (bps)</th><th>time to fill gap</th><th>fill ratio gap</th><th>fill count gap</th></tr></thead><tbody id="shadow"></tbody></table>
<div class="muted" id="shadow-note" data-testid="shadow-note">no shadow session reports here (silvertine shadow)</div>
</section>
<section><h2>Recent fills</h2>
<table data-testid="fills"><thead><tr><th>time</th><th>broker</th><th>symbol</th><th>side</th><th>quantity</th><th>price</th><th>notional</th><th>commission</th><th>trade</th></tr></thead><tbody id="fills"></tbody></table>
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font:14px system-ui,sans-serif;margin:0;background:#0f1419;color:#d8dee9}
header{display:flex;gap:12px;align-items:center;padding:10px 16px;background:#1b2430}
h1{font-size:18px;margin:0}h2{font-size:14px;margin:16px 0 6px;color:#8fa1b3}
main{padding:0 16px 16px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #2a3441;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{padding:2px 8px;border-radius:10px;font-weight:600;background:#3b4252}
.CONNECTED,.healthy{background:#2e7d32;color:#fff}.CONNECTING,.RECONNECTING,.degraded{background:#b7791f;color:#fff}
.DISCONNECTED,.ERROR,.unhealthy{background:#c62828;color:#fff}
.muted{color:#8fa1b3}.row{display:flex;gap:32px}.grow{flex:1}
dl{display:grid;grid-template-columns:auto auto;gap:2px 12px;margin:0}dd{margin:0;font-variant-numeric:tabular-nums}
ul{margin:0;padding-left:18px}li.CRITICAL{color:#ef9a9a}li.WARNING{color:#ffcc80}li.INFO{color:#a5d6a7}
.hist{display:flex;align-items:flex-end;gap:2px;height:80px;margin:4px 0 14px}
.hist div{background:#5e81ac;width:22px;min-height:1px;position:relative}
.hist div span{position:absolute;bottom:-14px;left:0;font-size:9px;color:#8fa1b3}
.chart{min-height:10px}.sym{color:#8fa1b3;margin:6px 0 2px}
.u-legend{font-size:12px;color:#d8dee9}.u-legend th{font-weight:400}
.meter{display:inline-block;width:60px;height:8px;background:#2a3441;margin-right:4px}.meter i{display:block;height:8px;background:#88c0d0}
`;

// Plain browser JavaScript (ES2017), kept free of template placeholders.
const SCRIPT = `
(function(){
  var q = new URLSearchParams(location.search); var token = q.get('access_token');
  var suffix = token ? '?access_token=' + encodeURIComponent(token) : '';
  function el(tag, text, cls){ var e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function num(tag, text){ return el(tag, text, 'num'); }
  function ms(v){ return v < 1 ? (v * 1000).toFixed(0) + ' µs' : v.toFixed(1) + ' ms'; }
  function bytes(v){ return (v / 1048576).toFixed(1) + ' MiB'; }
  function time(t){ return new Date(t).toISOString().slice(11, 23); }
  function bucketLabel(s){ return s >= 1 ? s + 's' : s >= 0.001 ? (s * 1000) + 'ms' : (s * 1e6) + 'µs'; }
  function render(s){
    var overall = document.getElementById('overall'); overall.textContent = s.status; overall.className = 'badge ' + s.status;
    var tb = document.getElementById('brokers'); tb.replaceChildren();
    s.brokers.forEach(function(b){
      var tr = el('tr'); tr.dataset.broker = b.brokerId;
      tr.appendChild(el('td', b.brokerId));
      tr.appendChild(el('td', b.venue));
      var st = el('td'); var badge = el('span', b.state, 'badge state ' + b.state); badge.dataset.testid = 'state'; st.appendChild(badge); tr.appendChild(st);
      var h = el('td'); var hb = el('span', b.status + ' ' + b.score.toFixed(2), 'badge ' + b.status); hb.title = b.reasons.join('; '); h.appendChild(hb); tr.appendChild(h);
      var f = b.finished || {};
      var sub = num('td', b.submitted); sub.dataset.testid = 'submitted'; tr.appendChild(sub);
      var filled = num('td', f.FILLED || 0); filled.dataset.testid = 'filled'; tr.appendChild(filled);
      tr.appendChild(num('td', f.REJECTED || 0)); tr.appendChild(num('td', f.CANCELED || 0));
      var er = num('td', b.errors + ' (' + (b.errorRate * 100).toFixed(1) + ' %)'); if (b.lastError) er.title = b.lastError; tr.appendChild(er);
      tr.appendChild(num('td', ms(b.ackAvgMs) + ' / ' + ms(b.ackP99Ms)));
      tr.appendChild(num('td', (b.uptimeRatio * 100).toFixed(1) + ' %'));
      var rl = el('td'); b.rateLimits.forEach(function(r){ var m = el('span', undefined, 'meter'); var i = el('i'); i.style.width = Math.min(100, r.ratio * 100) + '%'; m.appendChild(i); rl.appendChild(m); rl.appendChild(el('span', r.limit + ' ' + (r.ratio * 100).toFixed(0) + '% ')); }); tr.appendChild(rl);
      tb.appendChild(tr);
    });
    var lat = document.getElementById('latency'); lat.replaceChildren();
    s.latency.forEach(function(series){
      lat.appendChild(el('div', series.brokerId + ' · ' + series.stage, 'muted'));
      var h = el('div', undefined, 'hist'); h.dataset.series = series.brokerId + ':' + series.stage;
      var max = Math.max.apply(null, series.counts.concat([1]));
      series.counts.forEach(function(c, i){
        var bar = el('div'); bar.style.height = (c / max * 100) + '%';
        var le = i < s.latencyBuckets.length ? bucketLabel(s.latencyBuckets[i]) : '+Inf'; bar.title = '≤ ' + le + ': ' + c;
        if (i % 3 === 0) bar.appendChild(el('span', le)); h.appendChild(bar);
      });
      lat.appendChild(h);
    });
    document.getElementById('rss').textContent = bytes(s.process.rssBytes);
    document.getElementById('heap').textContent = bytes(s.process.heapUsedBytes);
    document.getElementById('cpu').textContent = s.process.cpuPercent.toFixed(1) + ' %';
    var al = document.getElementById('alerts'); al.replaceChildren();
    s.alerts.forEach(function(a){ al.appendChild(el('li', time(a.at) + ' ' + a.severity + ' ' + a.source + ': ' + a.message, a.severity)); });
    renderShadow(s.shadow || { rows: [], failures: {} });
    renderCharts(s.charts);
    var fb = document.getElementById('fills'); fb.replaceChildren();
    s.fills.forEach(function(x){
      var tr = el('tr'); tr.dataset.trade = x.tradeId;
      [time(x.at), x.brokerId, x.symbol, x.side].forEach(function(v){ tr.appendChild(el('td', v)); });
      [x.quantity, x.price, x.notional, x.commission + ' ' + x.commissionAsset].forEach(function(v){ tr.appendChild(num('td', v)); });
      tr.appendChild(el('td', x.tradeId)); fb.appendChild(tr);
    });
  }
  function fixed(v, places){ return v === undefined || v === null ? '–' : v.toFixed(places); }
  function signed(v, places){ return v === undefined || v === null ? '–' : (v > 0 ? '+' : '') + v.toFixed(places); }
  function renderShadow(sh){
    var tb = document.getElementById('shadow'); tb.replaceChildren();
    sh.rows.forEach(function(r){
      var tr = el('tr'); tr.dataset.shadow = [r.brokerId, r.symbol, r.side, r.type].join(':');
      [r.brokerId, r.symbol, r.side, r.type].forEach(function(v){ tr.appendChild(el('td', v)); });
      var f = r.filledOn || {};
      [['orders', r.orders], ['both', f.BOTH || 0], ['live-only', f.LIVE_ONLY || 0], ['paper-only', f.PAPER_ONLY || 0],
       ['price-gap', signed(r.priceGapBps, 3)], ['time-gap', r.timeToFillGapMs === undefined ? '–' : signed(r.timeToFillGapMs, 1) + ' ms'],
       ['fill-ratio-gap', signed(r.fillRatioGap, 4)], ['fill-count-gap', signed(r.fillCountGap, 2)]].forEach(function(c){
        var td = num('td', c[1]); td.dataset.testid = c[0]; tr.appendChild(td);
      });
      tb.appendChild(tr);
    });
    var failures = Object.keys(sh.failures).map(function(b){ return b + ' ' + sh.failures[b]; });
    document.getElementById('shadow-note').textContent = sh.rows.length === 0 ? 'no shadow session reports here (silvertine shadow)' : 'shadow failures (live path unaffected): ' + (failures.length ? failures.join(', ') : 'none');
  }
  // Charts (uPlot, loaded from this server). Decimal strings become numbers here, only to draw.
  var charts = { pnl: null, prices: {}, positions: null };
  var state = { loaded: false, pnl: { points: 0 }, prices: {}, positions: { series: 0, points: 0 }, markers: 0 };
  window.silvertineCharts = state;
  var pending = null;
  var COLORS = ['#88c0d0', '#ebcb8b', '#b48ead', '#a3be8c', '#d08770', '#5e81ac', '#bf616a', '#8fbcbb'];
  (function load(){
    var css = document.createElement('link'); css.rel = 'stylesheet'; css.href = 'dashboard/uplot.css' + suffix; document.head.appendChild(css);
    var js = document.createElement('script'); js.src = 'dashboard/uplot.js' + suffix;
    js.onload = function(){ state.loaded = true; if (pending) renderCharts(pending); };
    js.onerror = function(){ document.getElementById('charts-note').textContent = 'charting library failed to load'; };
    document.head.appendChild(js);
  })();
  function n(v){ return v === undefined || v === null ? null : Number(v); }
  function width(){ return Math.max(300, document.querySelector('main').clientWidth - 8); }
  function opts(title, series, height, extra){
    var o = { title: title, width: width(), height: height, series: [{}].concat(series),
      axes: [{ stroke: '#8fa1b3', grid: { stroke: '#2a3441' } }, { stroke: '#8fa1b3', grid: { stroke: '#2a3441' }, size: 70 }],
      scales: { x: { time: true } }, legend: { live: true } };
    if (extra) Object.keys(extra).forEach(function(k){ o[k] = extra[k]; });
    return o;
  }
  // Keeps one uPlot per slot: new data on the same series, a new chart when the series change.
  function draw(holder, slot, key, make, data){
    var c = slot.chart;
    if (!c || slot.key !== key) {
      if (c) c.destroy();
      holder.replaceChildren();
      slot.chart = new uPlot(make(), data, holder); slot.key = key;
    } else c.setData(data);
  }
  function marker(shape){
    return { show: true, size: 11, fill: shape === 'up' ? '#a3be8c' : '#bf616a', stroke: '#0f1419', width: 1 };
  }
  function renderCharts(c){
    if (!c) return;
    if (!state.loaded) { pending = c; return; }
    var any = c.pnl.length + c.markers.length + Object.keys(c.prices).length > 0;
    document.getElementById('charts-note').textContent = any ? '' : 'no market data or fills yet';
    // Equity and P&L.
    var pnlHolder = document.getElementById('chart-pnl');
    if (c.pnl.length) {
      charts.pnlSlot = charts.pnlSlot || {};
      draw(pnlHolder, charts.pnlSlot, 'pnl', function(){ return opts('', [
        { label: 'equity', stroke: '#88c0d0', width: 2 }, { label: 'realized', stroke: '#a3be8c', width: 1.5 }, { label: 'unrealized', stroke: '#ebcb8b', width: 1.5 }], 200); },
        [c.pnl.map(function(p){ return p.t / 1000; }), c.pnl.map(function(p){ return n(p.equity); }), c.pnl.map(function(p){ return n(p.realized); }), c.pnl.map(function(p){ return n(p.unrealized); })]);
    }
    state.pnl = { points: c.pnl.length };
    // Price per symbol with fills as markers (buy and sell as point-only series on the same x).
    var pricesHolder = document.getElementById('chart-prices');
    var symbols = Object.keys(c.prices).sort();
    state.markers = c.markers.length;
    symbols.forEach(function(sym){
      var slot = charts.prices[sym];
      if (!slot) {
        slot = charts.prices[sym] = { box: el('div', undefined, 'chart') };
        slot.box.dataset.symbol = sym;
        pricesHolder.appendChild(el('div', sym, 'sym')); pricesHolder.appendChild(slot.box);
      }
      var rows = [];
      c.prices[sym].forEach(function(p){ rows.push([p.t / 1000, n(p.v), null, null]); });
      var marks = c.markers.filter(function(m){ return m.symbol === sym; });
      marks.forEach(function(m){ rows.push([m.t / 1000, null, m.side === 'BUY' ? n(m.price) : null, m.side === 'BUY' ? null : n(m.price)]); });
      rows.sort(function(a, b){ return a[0] - b[0]; });
      var data = [0, 1, 2, 3].map(function(i){ return rows.map(function(r){ return r[i]; }); });
      draw(slot.box, slot, 'price', function(){ return opts('', [
        { label: sym, stroke: '#5e81ac', width: 1.5, spanGaps: true, points: { show: false } },
        { label: 'buy', stroke: '#a3be8c', width: 0, paths: function(){ return null; }, points: marker('up') },
        { label: 'sell', stroke: '#bf616a', width: 0, paths: function(){ return null; }, points: marker('down') }], 220); }, data);
      state.prices[sym] = { points: c.prices[sym].length, buys: marks.filter(function(m){ return m.side === 'BUY'; }).length, sells: marks.filter(function(m){ return m.side !== 'BUY'; }).length };
    });
    // Positions (stepped), one series per symbol, on the union of their times.
    var posSymbols = Object.keys(c.positions).sort();
    var posHolder = document.getElementById('chart-positions');
    if (posSymbols.length) {
      var times = [];
      posSymbols.forEach(function(sym){ c.positions[sym].forEach(function(p){ times.push(p.t / 1000); }); });
      times = times.filter(function(t, i, a){ return a.indexOf(t) === i; }).sort(function(a, b){ return a - b; });
      var cols = posSymbols.map(function(sym){
        var pts = c.positions[sym]; var j = 0; var last = null;
        return times.map(function(t){ while (j < pts.length && pts[j].t / 1000 <= t) { last = n(pts[j].v); j++; } return last; });
      });
      charts.posSlot = charts.posSlot || {};
      draw(posHolder, charts.posSlot, posSymbols.join(','), function(){ return opts('', posSymbols.map(function(sym, i){
        return { label: sym, stroke: COLORS[i % COLORS.length], width: 2, paths: uPlot.paths.stepped({ align: 1 }) }; }), 160); }, [times].concat(cols));
      state.positions = { series: posSymbols.length, points: times.length };
    }
    state.rendered = (state.rendered || 0) + 1;
  }
  var live = document.getElementById('live');
  fetch('dashboard/snapshot' + suffix).then(function(r){ return r.json(); }).then(render).catch(function(){});
  var source = new EventSource('dashboard/events' + suffix);
  source.addEventListener('snapshot', function(e){ live.textContent = 'live'; render(JSON.parse(e.data)); });
  source.onerror = function(){ live.textContent = 'reconnecting'; };
})();
`;
