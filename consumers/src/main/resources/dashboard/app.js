// stem-stream dashboard: renders the monitor's snapshots, pushed as server-sent events.
'use strict';
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
let selectedTask = null;

function pct(v) { return v === null || v === undefined ? '-' : (100 * v).toFixed(1) + ' %'; }
function fix(v, d) { return v === null || v === undefined ? '-' : Number(v).toFixed(d); }
function el(id) { return document.getElementById(id); }
function esc(s) { return String(s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c])); }

function render(s) {
  el('model').textContent = s.model || '-';
  el('classifications').textContent = s.classifications;
  el('images-per-second').textContent = fix(s.imagesPerSecond, 1);
  el('uptime').textContent = Math.round(s.uptimeSeconds);
  renderAccuracy(s);
  renderHistory(s.history);
  renderTaskSelect(Object.keys(s.tasks));
  const task = s.tasks[selectedTask];
  if (task) {
    renderConfusion(task);
    renderCalibration(task);
    renderSlices(task);
  }
  renderStages(s);
  renderDrift(s.tasks);
  renderDeadLetters(s);
  renderThumbs(s.latestImages);
  renderObjects(s.latestObjects || []);
}

function renderAccuracy(s) {
  const rows = [];
  const all = Object.assign({}, s.tasks, s.fused);
  for (const [name, t] of Object.entries(all)) {
    rows.push(`<tr><td>${esc(name)}</td><td id="acc-${esc(name)}-lastMinute">${pct(t.lastMinute)}</td>` +
      `<td id="acc-${esc(name)}-last1000">${pct(t.last1000)}</td><td id="acc-${esc(name)}-sinceStart">${pct(t.sinceStart)}</td>` +
      `<td>${t.count}</td></tr>`);
  }
  el('accuracy').tBodies[0].innerHTML = rows.join('');
}

function renderHistory(history) {
  const c = el('history');
  const g = c.getContext('2d');
  g.clearRect(0, 0, c.width, c.height);
  const x0 = 40, y0 = 10, w = c.width - 60, h = c.height - 35;
  g.strokeStyle = '#ccc';
  g.fillStyle = '#555';
  g.font = '11px sans-serif';
  for (let i = 0; i <= 4; i++) {
    const y = y0 + h - h * i / 4;
    g.beginPath(); g.moveTo(x0, y); g.lineTo(x0 + w, y); g.stroke();
    g.fillText((25 * i) + '%', 5, y + 4);
  }
  if (!history || history.length < 2) { return; }
  const t0 = history[0].t, t1 = history[history.length - 1].t;
  const tasks = [...new Set(history.flatMap(p => Object.keys(p.lastMinute)))];
  const legend = [];
  tasks.forEach((task, i) => {
    g.strokeStyle = COLORS[i % COLORS.length];
    g.lineWidth = 2;
    g.beginPath();
    let started = false;
    for (const p of history) {
      const v = p.lastMinute[task];
      if (v === null || v === undefined) { started = false; continue; }
      const x = x0 + w * (p.t - t0) / Math.max(1, t1 - t0), y = y0 + h - h * v;
      if (started) { g.lineTo(x, y); } else { g.moveTo(x, y); started = true; }
    }
    g.stroke();
    legend.push(`<span style="color:${COLORS[i % COLORS.length]}">&#9632; ${esc(task)} (last minute)</span>`);
  });
  g.lineWidth = 1;
  g.fillStyle = '#555';
  g.fillText('last ' + Math.round((t1 - t0) / 1000) + ' s', x0 + w - 60, c.height - 5);
  el('history-legend').innerHTML = legend.join('');
}

function renderTaskSelect(tasks) {
  const sel = el('task-select');
  if (sel.options.length !== tasks.length) {
    sel.innerHTML = tasks.map(t => `<option>${esc(t)}</option>`).join('');
    if (!selectedTask || !tasks.includes(selectedTask)) { selectedTask = tasks.includes('T2') ? 'T2' : tasks[0]; }
    sel.value = selectedTask;
    sel.onchange = () => { selectedTask = sel.value; };
  }
}

function renderConfusion(t) {
  const n = t.classes.length;
  let html = '<table class="heat"><tr><th>truth \\ predicted</th>' + t.classes.map(c => `<th>${esc(c)}</th>`).join('') + '</tr>';
  for (let r = 0; r < n; r++) {
    const sum = t.confusion[r].reduce((a, b) => a + b, 0);
    html += `<tr><th>${esc(t.classes[r])}</th>`;
    for (let c = 0; c < n; c++) {
      const f = sum ? t.confusion[r][c] / sum : 0;
      const bg = `rgb(${Math.round(255 - 200 * f)},${Math.round(255 - 140 * f)},255)`;
      html += `<td style="background:${bg};color:${f > 0.6 ? '#fff' : '#000'}">${t.confusion[r][c]}</td>`;
    }
    html += '</tr>';
  }
  el('confusion').innerHTML = html + '</table>';
  el('precision-recall').innerHTML = '<table><tr><th>class</th><th>precision</th><th>recall</th></tr>' +
    t.classes.map((c, i) => `<tr><td>${esc(c)}</td><td>${pct(t.precision[i])}</td><td>${pct(t.recall[i])}</td></tr>`).join('') + '</table>';
}

function renderCalibration(t) {
  const c = el('calibration');
  const g = c.getContext('2d');
  g.clearRect(0, 0, c.width, c.height);
  const x0 = 35, y0 = 10, s = Math.min(c.width - 50, c.height - 40);
  g.strokeStyle = '#999';
  g.strokeRect(x0, y0, s, s);
  g.setLineDash([4, 4]);
  g.beginPath(); g.moveTo(x0, y0 + s); g.lineTo(x0 + s, y0); g.stroke();
  g.setLineDash([]);
  g.fillStyle = '#1f77b4';
  for (const b of t.calibration) {
    if (!b.count) { continue; }
    const bw = s / t.calibration.length;
    const x = x0 + s * b.from, hgt = s * b.accuracy;
    g.fillRect(x + 1, y0 + s - hgt, bw - 2, hgt);
  }
  g.fillStyle = '#555';
  g.font = '11px sans-serif';
  g.fillText('confidence', x0 + s / 2 - 25, y0 + s + 25);
  g.fillText('accuracy', 0, y0 + 10);
  el('ece').textContent = pct(t.expectedCalibrationError);
}

function renderSlices(t) {
  let html = '';
  for (const [dim, keys] of Object.entries(t.slices)) {
    html += `<h3>${esc(dim)}</h3><table><tr><th>value</th><th>accuracy</th><th>n</th></tr>` +
      Object.entries(keys).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${pct(v.accuracy)}</td><td>${v.count}</td></tr>`).join('') + '</table>';
  }
  el('slices').innerHTML = html || 'no labelled results yet';
}

function renderStages(s) {
  el('stages').tBodies[0].innerHTML = Object.entries(s.stages).map(([group, st]) =>
    `<tr><td>${esc(group)}</td><td>${esc(st.input)}</td><td id="rate-${esc(group)}">${fix(st.recordsPerSecond, 1)}</td>` +
    `<td id="lag-${esc(group)}">${st.lag}</td><td id="members-${esc(group)}">${st.members}</td></tr>`).join('');
  const rows = [['end to end', s.latency.endToEndMillis]].concat(Object.entries(s.latency.stageMillis));
  el('latency').tBodies[0].innerHTML = rows.map(([name, p]) =>
    `<tr><td>${esc(name)}</td><td>${fix(p.p50, 0)}</td><td>${fix(p.p90, 0)}</td><td>${fix(p.p99, 0)}</td></tr>`).join('');
}

function renderDrift(tasks) {
  let html = '';
  for (const [name, t] of Object.entries(tasks)) {
    const d = t.drift;
    if (!d.acquiredCount) { continue; }
    html += `<h3>${esc(name)} ${d.alarm ? '<span class="alarm">DRIFT</span>' : ''}</h3>` +
      `<div>distance ${fix(d.distance, 3)}; confidence acquired ${pct(d.acquiredMeanConfidence)} vs simulated ${pct(d.referenceMeanConfidence)}; n ${d.acquiredCount} / ${d.referenceCount}</div>` +
      '<table><tr><th>class</th><th>acquired</th><th>simulated</th></tr>' +
      t.classes.map((c, i) => `<tr><td>${esc(c)}</td><td>${pct(d.acquired[i])}</td><td>${pct(d.reference[i])}</td></tr>`).join('') + '</table>';
  }
  el('drift').innerHTML = html || 'no acquired images yet';
}

function renderDeadLetters(s) {
  const counts = Object.entries(s.deadLetters);
  el('dead-letter-counts').textContent = counts.length ? counts.map(([t, n]) => `${t}: ${n}`).join(', ') : 'none';
  el('dead-letters').innerHTML = s.deadLetterReasons.map(r =>
    `<li><b>${esc(r.topic)}</b> ${esc(new Date(r.atMillis).toLocaleTimeString())}: ${esc(r.reason)}</li>`).join('');
}

function renderThumbs(images) {
  el('thumbs').innerHTML = images.map(i => {
    const img = i.thumbnail ? `<img src="thumbs/${encodeURIComponent(i.imageId)}.png" alt="">` : '<img alt="">';
    return `<div class="thumb">${img}<div>${esc(i.predicted)}</div><div>${i.truth ? 'truth: ' + esc(i.truth) : 'no truth'}</div></div>`;
  }).join('');
}

function renderObjects(objects) {
  el('objects').querySelector('tbody').innerHTML = objects.length ? objects.map(o =>
    `<tr><td>${esc(o.objectId)}</td><td>${o.views}${o.complete ? '' : ' of ' + o.viewsExpected}</td><td>${esc(o.predicted)}</td>`
    + `<td>${o.truth ? esc(o.truth) : '-'}</td></tr>`).join('') : '<tr><td colspan="4">none yet</td></tr>';
}

function connect() {
  const events = new EventSource('events');
  events.onopen = () => { el('connection').textContent = 'live'; el('connection').className = 'badge live'; };
  events.onmessage = e => render(JSON.parse(e.data));
  events.onerror = () => { el('connection').textContent = 'reconnecting'; el('connection').className = 'badge down'; };
}
connect();
