// The cache dashboard: polls the admin statistics and redraws. No libraries, so it works where no CDN is reachable.
'use strict';

const params = new URLSearchParams(location.search);
const REFRESH_MILLIS = Math.max(500, Number(params.get('refresh')) || 2000);
const COLORS = ['#2f6fdf', '#d9482b', '#2a9d55', '#a155d8', '#c98a12', '#1796a8', '#d6407a', '#5f6b7a'];
const FIELDS = ['hitRate', 'hits', 'misses', 'loads', 'meanLoadMillis', 'puts', 'removals', 'tagEvictions',
  'meanEvictionLagMillis', 'refusedStores', 'lockWaits', 'lockTimeouts', 'errors'];
const colorOf = new Map();

// Resolved against origin and path only: a page opened as http://user:password@host/ may not fetch URLs that carry
// credentials, and the browser supplies the ones it was given for this realm anyway.
const API = new URL('../api/cache/', location.origin + location.pathname);

async function load(path) {
  const response = await fetch(new URL(path, API), { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(path + ': HTTP ' + response.status);
  }
  return response.json();
}

function color(cache) {
  if (!colorOf.has(cache)) {
    colorOf.set(cache, COLORS[colorOf.size % COLORS.length]);
  }
  return colorOf.get(cache);
}

function cell(row, text, attributes = {}) {
  const td = row.insertCell();
  td.textContent = text;
  Object.entries(attributes).forEach(([k, v]) => td.setAttribute(k, v));
  return td;
}

function format(field, value) {
  if (field === 'hitRate') {
    return (value * 100).toFixed(1) + ' %';
  }
  return Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(2);
}

function renderCaches(caches) {
  const body = document.querySelector('#caches tbody');
  body.replaceChildren();
  Object.entries(caches).forEach(([name, stats]) => {
    const row = body.insertRow();
    row.dataset.cache = name;
    const first = cell(row, name);
    first.style.borderLeft = '4px solid ' + color(name);
    FIELDS.forEach(field => cell(row, format(field, stats[field] ?? 0), { 'data-field': field }));
  });
}

// Hit rate per report interval: the change in hits over the change in hits and misses between two readings.
function hitRates(history, cache) {
  const points = [];
  for (let i = 1; i < history.length; i++) {
    const before = history[i - 1].caches[cache] || { hits: 0, misses: 0 };
    const now = history[i].caches[cache];
    if (!now) continue;
    const hits = now.hits - before.hits;
    const lookups = hits + now.misses - before.misses;
    if (lookups > 0) points.push({ at: history[i].at, rate: hits / lookups });
  }
  return points;
}

function renderChart(history) {
  const svg = document.getElementById('chart');
  const legend = document.getElementById('legend');
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  legend.replaceChildren();
  const [width, height, left, bottom] = [800, 240, 36, 18];
  for (const rate of [0, 0.25, 0.5, 0.75, 1]) {
    const y = (height - bottom) * (1 - rate) + 4 * rate;
    const line = document.createElementNS(ns, 'line');
    Object.entries({ x1: left, x2: width, y1: y, y2: y, class: 'grid' }).forEach(([k, v]) => line.setAttribute(k, v));
    const label = document.createElementNS(ns, 'text');
    Object.entries({ x: 2, y: y + 4, class: 'axis' }).forEach(([k, v]) => label.setAttribute(k, v));
    label.textContent = rate * 100 + '%';
    svg.append(line, label);
  }
  if (history.length < 2) return;
  const first = history[0].at;
  const span = Math.max(1, history[history.length - 1].at - first);
  const caches = new Set(history.flatMap(point => Object.keys(point.caches)));
  caches.forEach(cache => {
    const rates = hitRates(history, cache);
    if (rates.length === 0) return;
    const line = document.createElementNS(ns, 'polyline');
    line.dataset.cache = cache;
    line.dataset.points = rates.length;
    line.setAttribute('stroke', color(cache));
    line.setAttribute('points', rates.map(p => {
      const x = left + (width - left) * (p.at - first) / span;
      const y = (height - bottom) * (1 - p.rate) + 4 * p.rate;
      return x.toFixed(1) + ',' + y.toFixed(1);
    }).join(' '));
    svg.append(line);
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.style.background = color(cache);
    item.append(swatch, cache + ' ' + (rates[rates.length - 1].rate * 100).toFixed(1) + ' %');
    legend.append(item);
  });
}

function renderGroups(groups) {
  const body = document.querySelector('#groups tbody');
  body.replaceChildren();
  groups.forEach(group => {
    const row = body.insertRow();
    row.dataset.tag = group.tag;
    cell(row, group.tag);
    cell(row, group.entries.toLocaleString('en'), { 'data-field': 'entries' });
  });
}

function renderList(id, entries) {
  const list = document.getElementById(id);
  list.replaceChildren();
  Object.entries(entries).forEach(([key, value]) => {
    const term = document.createElement('dt');
    term.textContent = key;
    const detail = document.createElement('dd');
    detail.textContent = typeof value === 'number' ? format(key, value) : String(value);
    detail.dataset.field = key;
    list.append(term, detail);
  });
}

async function refresh() {
  const status = document.getElementById('status');
  try {
    const [stats, history] = await Promise.all([load('stats?groups=10'), load('stats/history')]);
    const cluster = stats.cluster;
    document.getElementById('summary').textContent =
      cluster.instances + ' instance(s) reporting · this instance ' + stats.instance.id +
      ' · totals as of ' + new Date(cluster.reportedAt).toLocaleTimeString('en');
    renderChart(history);
    renderCaches(cluster.caches);
    renderGroups(stats.tagGroups);
    renderList('invalidations', {
      'invalidations (all)': cluster.invalidations.invalidations || 0,
      'mean lag ms (all)': cluster.invalidations.meanLagMillis || 0,
      'p99 lag µs (here)': stats.instance.invalidations.lagP99Micros,
    });
    if (stats.warming) renderList('warming', stats.warming);
    status.textContent = 'updated ' + new Date().toLocaleTimeString('en');
    status.className = '';
    document.body.dataset.refreshes = Number(document.body.dataset.refreshes) + 1;
  } catch (error) {
    status.textContent = 'update failed: ' + error.message;
    status.className = 'error';
  }
}

refresh();
setInterval(refresh, REFRESH_MILLIS);
