// The training console: one page for the trainer and the trainees of a live exercise. It
// opens the WebSocket of the server it came from with the token of its own URL
// (docs/live-protocol.md), keeps the snapshot and applies the deltas, and sends the
// protocol's messages. Plain JavaScript, no library, no network but that socket.
'use strict';
(() => {
  const params = new URLSearchParams(location.search);
  const TEXT = window.HOTLINE_TEXT;
  let lang = params.get('lang') === 'en' ? 'en' : 'zh';
  const t = (k) => (TEXT[lang] && TEXT[lang][k]) || TEXT.zh[k] || k;
  const $ = (sel) => document.querySelector(sel);

  // Builds an element; text is always set as text (names come from the scenario file).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('data-') || k === 'class' || k === 'title' || k === 'value') e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) e.append(c);
    return e;
  }

  const S = {
    role: null, name: '', exercise: Number(params.get('exercise') || 1), time_ms: 0,
    state: '', speed: 0, yourDesk: null, desks: new Map(), units: [], unitIndex: new Map(),
    officers: new Map(), alerts: new Map(), rules: [], types: new Map(), languages: new Map(),
    totals: null, reached: [], schedule: [], selected: null, outcomes: [], decisions: [],
    ended: null,
  };
  window.hotlineConsole = S;  // for the browser test and for curious trainers (read-only use)

  // ---- formatting ----
  const yuan = (v) => Math.round(v).toLocaleString('en-US');
  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
  }
  const unitName = (id) => {
    const u = S.unitIndex.get(id);
    if (!u) return id;
    return lang === 'en' && u.name !== u.id ? `${u.name} (${u.id})` : u.name;
  };
  const typeName = (id) => {
    const n = S.types.get(id) || id;
    return lang === 'en' && n !== id ? `${n} (${id})` : n;
  };
  const langName = (code) => S.languages.get(code) || code;

  // A command's name as the interface language says it (the protocol's name if unknown).
  function commandText(name) {
    const key = `cmd_${name}`;
    const text = t(key);
    return text === key ? name : text;
  }
  function status(text, bad) {
    const s = $('#status');
    s.textContent = text;
    s.className = bad ? 'bad' : '';
  }

  // ---- the socket ----
  let ws = null;
  let nextId = 1;
  const pending = new Map();  // message id -> the alert a decide was about
  function send(m) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return status(t('disconnected'), true);
    m.v = 1;
    m.id = nextId++;
    if (m.type === 'decide') pending.set(m.id, m.alert);
    ws.send(JSON.stringify(m));
  }
  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const q = new URLSearchParams();
    for (const k of ['exercise', 'token', 'name']) if (params.get(k)) q.set(k, params.get(k));
    ws = new WebSocket(`${scheme}://${location.host}/ws?${q}`);
    ws.onopen = () => { $('#conn').textContent = t('connected'); $('#conn').className = 'tag good'; };
    ws.onclose = (e) => {
      $('#conn').textContent = t('disconnected') + (e.reason ? `: ${e.reason}` : '');
      $('#conn').className = 'tag bad';
    };
    ws.onmessage = (e) => {
      let m;
      try { m = JSON.parse(e.data); } catch (_) { return; }
      const h = handlers[m.type];
      if (h) h(m);
    };
  }

  // ---- messages ----
  const handlers = {
    hello(m) {
      S.role = m.role; S.name = m.name; S.state = m.state; S.speed = m.speed;
      $('#who').textContent = m.role === 'trainer' ? t('trainer') : `${t('trainee')} ${m.name}`;
      $('#trainer').hidden = m.role !== 'trainer';
      $('#trainee').hidden = m.role !== 'trainee';
      document.body.dataset.role = m.role;
    },
    snapshot(m) {
      S.time_ms = m.time_ms; S.state = m.state; S.speed = m.speed; S.clock = m.clock; S.clock_ms = m.time_ms;
      S.yourDesk = m.your_desk;
      S.desks = new Map(m.desks.map((d) => [d.id, d]));
      S.units = m.units || [];
      S.unitIndex = new Map(S.units.map((u) => [u.id, u]));
      S.officers = new Map((m.officers || []).map((o) => [o.unit, o]));
      S.alerts = new Map(m.alerts.map((a) => [a.id, a]));
      S.rules = m.rules;
      S.types = new Map((m.fraud_types || []).map((f) => [f.id, f.name]));
      S.languages = new Map((m.languages || []).map((l) => [l.code, l.name]));
      if (m.totals) S.totals = m.totals;
      if (m.reached) S.reached = m.reached;
      if (m.scheduled_injects) S.schedule = m.scheduled_injects;
      if (S.selected !== null && !S.alerts.has(S.selected)) S.selected = null;
      buildStatic();
      renderAll();
    },
    alert(m) {
      const a = Object.assign({}, m.alert, {
        state: m.decided_by === 'trainee' ? 'awaiting_decision' : 'in_plan',
        rule: m.rule, desk: m.desk,
      });
      S.alerts.set(a.id, a);
      renderQueue();
    },
    alert_state(m) {
      const a = S.alerts.get(m.alert);
      if (!a) return;
      if (m.state === 'contacted' || m.state === 'late') a.flag = m.state;
      else a.state = m.state;
      if (m.rule !== undefined) a.rule = m.rule;
      renderQueue();
    },
    outcome(m) {
      const a = S.alerts.get(m.alert);
      S.alerts.delete(m.alert);
      if (S.selected === m.alert) S.selected = null;
      if (a && S.role === 'trainee') {
        S.outcomes.unshift({ time_ms: m.time_ms, alert: a, outcome: m.outcome, channel: m.channel });
        S.outcomes.length = Math.min(S.outcomes.length, 50);
        renderOutcomes();
      }
      renderQueue();
      renderSelected();
    },
    desk_load(m) {
      for (const d of m.desks) Object.assign(S.desks.get(d.id) || {}, d);
      if (m.officers) S.officers = new Map(m.officers.map((o) => [o.unit, o]));
      S.time_ms = Math.max(S.time_ms, m.time_ms);
      renderLoads();
    },
    clock(m) {
      S.time_ms = m.time_ms; S.clock = m.clock; S.state = m.state; S.speed = m.speed; S.clock_ms = m.time_ms;
      S.lag = m.lag_ms;
      renderClock();
      renderQueue();
    },
    kpis(m) { S.totals = m.totals; if (m.reached) S.reached = m.reached; renderKpis(); },
    desk_holders(m) {
      for (const d of S.desks.values()) d.held_by = m.holders[d.id] || null;
      renderLoads();
    },
    desk(m) { S.yourDesk = m.desk; },
    control(m) { S.state = m.state; S.speed = m.speed; renderClock(); },
    decision(m) {
      S.decisions.unshift(m);
      S.decisions.length = Math.min(S.decisions.length, 60);
      renderDecisions();
    },
    inject(m) {
      if (m.by === 'scenario' && S.schedule[m.index]) S.schedule[m.index].played = true;
      S.decisions.unshift(Object.assign({ inject: true }, m));
      renderTimeline();
      renderDecisions();
    },
    verdict(m) {
      const alert = S.alerts.get(pending.get(m.id));
      pending.delete(m.id);
      // A trainee's accepted step or plan: the alert no longer waits for a decision.
      if (alert && m.accepted && alert.state === 'awaiting_decision') {
        alert.state = 'in_plan';
        renderQueue();
      }
      status(`${commandText(m.command)}: ${m.accepted ? t('accepted') : t('refused') + ' — ' + m.reason}`, !m.accepted);
    },
    error(m) { status(`${m.code}: ${m.message}`, true); },
    review(m) {
      const a = $('#review-link');
      // The review is the trainer's: its URL carries the page's own (trainer) token.
      a.href = `${m.html}&token=${encodeURIComponent(params.get('token') || '')}`;
      a.hidden = false;
      S.review = m;
      status(t('open_review'));
    },
    ended(m) {
      S.ended = m; S.state = 'ended';
      const box = $('#ended');
      box.hidden = false;
      box.textContent = `${t('ended')} ${m.clock}` + (m.outputs ? ` · ${t('outputs')}: ${m.outputs}` : '');
      renderClock();
    },
  };

  // ---- building what does not change: selects, the unit tree ----
  function ancestors(unitId) {
    const out = [];
    for (let u = S.unitIndex.get(unitId); u; u = u.parent ? S.unitIndex.get(u.parent) : null) out.push(u);
    return out;
  }
  const leaves = () => {
    const parents = new Set(S.units.map((u) => u.parent));
    return S.units.filter((u) => !parents.has(u.id));
  };
  function fill(select, items, keep) {
    const old = keep ? select.value : null;
    select.replaceChildren(...items.map(([v, label]) => el('option', { value: v, text: label })));
    if (old && items.some(([v]) => v === old)) select.value = old;
  }
  function buildStatic() {
    if (S.role === 'trainee') {
      fill($('#desk-select'), [...S.desks.values()].map((d) => [d.id, `${d.id} · ${unitName(d.unit)}`]), true);
      if (S.yourDesk) $('#desk-select').value = S.yourDesk;
      fill($('#plan-rule'), S.rules.map((r) => [r, r]), true);
      buildTree();
    } else if (S.role === 'trainer') {
      fill($('#outage-desk'), [...S.desks.values()].map((d) => [d.id, `${d.id} · ${unitName(d.unit)}`]), true);
      fill($('#off-unit'), S.units.filter((u) => u.level > 0).map((u) => [u.id, unitName(u.id)]), true);
      const ls = leaves();
      fill($('#alert-unit'), ls.map((u) => [u.id, `${unitName(u.parent)} / ${unitName(u.id)}`]), true);
      // A remote county by default: the last community of the tree (the scenario lists the
      // regional capital first).
      if (!$('#alert-unit').dataset.touched && ls.length) $('#alert-unit').value = ls[ls.length - 1].id;
      fill($('#alert-type'), [...S.types.keys()].map((id) => [id, typeName(id)]), true);
      buildDeskTable();
    }
  }

  // The tree: region -> city -> county -> community, each with its desks' load and its
  // officers (summed over its communities).
  const treeLoad = new Map();  // unit id -> the element showing its load
  function buildTree() {
    const children = new Map();
    for (const u of S.units) {
      if (!children.has(u.parent)) children.set(u.parent, []);
      children.get(u.parent).push(u);
    }
    treeLoad.clear();
    const node = (u) => {
      const kids = children.get(u.id) || [];
      const load = el('span', { class: 'load', 'data-unit': u.id });
      treeLoad.set(u.id, load);
      const label = el('span', { class: 'uname', text: unitName(u.id) });
      if (!kids.length) return el('div', { class: 'leaf' }, label, load);
      const d = el('details', { open: u.level < 1 }, el('summary', {}, label, load));
      for (const k of kids) d.append(node(k));
      return d;
    };
    $('#tree').replaceChildren(...(children.get(null) || []).map(node));
  }

  function buildDeskTable() {
    const rows = [...S.desks.values()].map((d) =>
      el('tr', { 'data-desk': d.id },
        el('td', { text: d.id }), el('td', { text: unitName(d.unit) }),
        el('td', { 'data-f': 'queued' }), el('td', { 'data-f': 'busy' }),
        el('td', { 'data-f': 'staffed' }), el('td', { 'data-f': 'util' }),
        el('td', { 'data-f': 'held_by' })));
    $('#desk-table tbody').replaceChildren(...rows);
  }

  // ---- rendering ----
  function renderAll() {
    applyText();
    renderClock(); renderQueue(); renderSelected(); renderLoads(); renderKpis();
    renderTimeline(); renderDecisions(); renderOutcomes();
  }
  function renderClock() {
    $('#clock').textContent = S.clock || '--';
    $('#state').textContent = t(S.state);
    $('#state').dataset.state = S.state;
    $('#speed-now').textContent = S.speed;
    if (S.lag !== undefined) $('#lag').textContent = S.lag.toFixed(1);
  }
  function myAlerts() {
    return [...S.alerts.values()]
      .filter((a) => S.role !== 'trainee' || a.desk === S.yourDesk)
      .sort((x, y) => x.grade - y.grade || x.arrival_ms - y.arrival_ms);
  }
  // Rows are kept by alert id and updated in place (the clock ticks 4 times a second), so a
  // row under the pointer stays the same element and a click on it is never lost.
  const queueRows = new Map();
  function renderQueue() {
    if (S.role !== 'trainee') return;
    const list = myAlerts();
    $('#queue-count').textContent = list.length;
    $('#queue-count').dataset.value = list.length;
    const keep = new Set(list.map((a) => a.id));
    for (const [id, tr] of queueRows) if (!keep.has(id)) { tr.remove(); queueRows.delete(id); }
    const body = $('#queue tbody');
    list.forEach((a, i) => {
      let tr = queueRows.get(a.id);
      if (!tr) {
        tr = el('tr', { 'data-alert': a.id, class: `g${a.grade}` },
          ...Array.from({ length: 8 }, () => el('td')));
        tr.onclick = () => { S.selected = a.id; renderQueue(); renderSelected(); };
        queueRows.set(a.id, tr);
      }
      const cells = [a.id, typeName(a.type), a.grade, yuan(a.amount), unitName(a.unit),
        langName(a.language), duration(S.time_ms - a.arrival_ms),
        t(a.state) + (a.flag ? ` · ${t(a.flag)}` : '')];
      cells.forEach((v, k) => {
        const td = tr.children[k];
        if (td.textContent !== String(v)) td.textContent = v;
      });
      tr.children[3].className = tr.children[6].className = 'num';
      tr.classList.toggle('sel', a.id === S.selected);
      if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] || null);
    });
  }
  function renderSelected() {
    if (S.role !== 'trainee') return;
    const a = S.alerts.get(S.selected);
    const box = $('#selected');
    if (!a) {
      box.textContent = t('select_alert');
      box.dataset.alert = '';
      $('#push-unit').replaceChildren();
      return;
    }
    box.dataset.alert = a.id;
    box.textContent = `${t('alert')} ${a.id} · ${typeName(a.type)} · ${t('grade')} ${a.grade} · ¥${yuan(a.amount)} · ${unitName(a.unit)} · ${langName(a.language)}`;
    // A push goes down from an ancestor of the alert's community.
    fill($('#push-unit'), ancestors(a.unit).slice(1).map((u) => [u.id, unitName(u.id)]));
  }
  function renderOutcomes() {
    if (S.role !== 'trainee') return;
    $('#outcomes').replaceChildren(...S.outcomes.map((o) =>
      el('li', { class: `o-${o.outcome}`, 'data-alert': o.alert.id },
        `${t('alert')} ${o.alert.id} ${typeName(o.alert.type)} ¥${yuan(o.alert.amount)}: ${t(o.outcome)}` +
        (o.channel ? ` (${o.channel})` : ''))));
  }
  function loadText(d) { return `${d.queued}/${d.busy}/${d.staffed}`; }
  function renderLoads() {
    if (S.role === 'trainee') {
      const mine = S.desks.get(S.yourDesk);
      $('#my-desk').textContent = mine ? `${mine.id} · ${unitName(mine.unit)}` : t('no_desk');
      for (const [k, f] of [['staffed', 'op-staffed'], ['rostered', 'op-rostered'], ['busy', 'op-busy'], ['queued', 'op-queued']])
        $('#' + f).textContent = mine ? mine[k] ?? '-' : '-';
      // Load per unit: its own desks, and officers summed over its communities.
      const deskAt = new Map();
      for (const d of S.desks.values()) {
        if (!deskAt.has(d.unit)) deskAt.set(d.unit, []);
        deskAt.get(d.unit).push(d);
      }
      const free = new Map();
      const duty = new Map();
      for (const o of S.officers.values())
        for (const u of ancestors(o.unit)) {
          free.set(u.id, (free.get(u.id) || 0) + Math.max(0, o.capacity - o.unavailable - o.busy));
          duty.set(u.id, (duty.get(u.id) || 0) + o.capacity - o.unavailable);
        }
      for (const [id, span] of treeLoad) {
        const ds = deskAt.get(id) || [];
        const parts = ds.map((d) => `${d.kind} ${loadText(d)}`);
        if (duty.has(id)) parts.push(`${t('officers_short')} ${free.get(id)}/${duty.get(id)}`);
        span.textContent = parts.join(' · ');
      }
      // The officers this desk can send: the communities under its unit.
      const rows = [];
      if (mine)
        for (const o of S.officers.values()) {
          if (!ancestors(o.unit).some((u) => u.id === mine.unit)) continue;
          rows.push(el('tr', { 'data-unit': o.unit },
            el('td', { text: unitName(o.unit) }),
            el('td', { class: 'num', text: Math.max(0, o.capacity - o.unavailable - o.busy) }),
            el('td', { class: 'num', text: o.capacity - o.unavailable }),
            el('td', { class: 'num', text: o.queued })));
        }
      $('#officers tbody').replaceChildren(...rows);
    } else if (S.role === 'trainer') {
      for (const tr of document.querySelectorAll('#desk-table tbody tr')) {
        const d = S.desks.get(tr.dataset.desk);
        if (!d) continue;
        const set = (f, v, raw) => {
          const td = tr.querySelector(`[data-f="${f}"]`);
          td.textContent = v;
          td.dataset.value = raw === undefined ? v : raw;
        };
        set('queued', d.queued); set('busy', d.busy); set('staffed', d.staffed);
        set('util', d.staffed > 0 ? `${Math.round((100 * Math.min(d.busy, d.staffed)) / d.staffed)}%` : '—');
        set('held_by', d.held_by || '');
        tr.classList.toggle('hot', d.queued > 0);
      }
    }
  }
  function renderKpis() {
    if (S.role !== 'trainer' || !S.totals) return;
    for (const td of document.querySelectorAll('#kpis [data-kpi]')) {
      const k = td.dataset.kpi;
      const v = S.totals[k];
      td.dataset.value = v;
      td.textContent = k.startsWith('amount') ? yuan(v) : String(v);
    }
    $('#reached tbody').replaceChildren(...S.reached.map((r) =>
      el('tr', { 'data-grade': r.grade },
        el('td', { text: r.grade }), el('td', { text: duration(r.target_s * 1000) }),
        el('td', { 'data-f': 'reached', text: r.reached }), el('td', { 'data-f': 'eligible', text: r.eligible }),
        el('td', { 'data-f': 'entered', text: r.entered }),
        el('td', { text: r.eligible ? `${Math.round((100 * r.reached) / r.eligible)}%` : '—' }))));
  }
  function renderTimeline() {
    if (S.role !== 'trainer') return;
    $('#timeline').replaceChildren(...S.schedule.map((s, i) =>
      el('li', { class: s.played ? 'played' : '', 'data-index': i },
        `${s.clock} · ${s.played ? t('played') : t('pending')}`)));
  }
  function renderDecisions() {
    if (S.role !== 'trainer') return;
    $('#decisions').replaceChildren(...S.decisions.map((d) => {
      const when = duration(d.time_ms);
      if (d.inject)
        return el('li', { class: 'inject' }, `${when} ${d.by === 'trainer' ? t('by_trainer') : t('by_scenario')} ${d.kind ? t(d.kind) : '#' + (d.index + 1)}`);
      return el('li', { class: d.accepted ? '' : 'bad', 'data-by': d.by },
        `${when} ${d.by.replace('trainee:', '')} · ${t('act_' + d.action)}` + (d.alert ? ` · ${t('alert')} ${d.alert}` : '') +
        (d.accepted ? '' : ` — ${t('refused')}: ${d.reason}`));
    }));
  }
  function applyText() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    document.title = `${t('title')} · hotline-sim`;
    $('#lang').textContent = lang === 'zh' ? 'English' : '中文';
    if (S.role) $('#who').textContent = S.role === 'trainer' ? t('trainer') : `${t('trainee')} ${S.name}`;
  }

  // ---- actions ----
  $('#lang').onclick = () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    buildStatic();
    renderAll();
  };
  $('#take-desk').onclick = () => send({ type: 'take_desk', desk: $('#desk-select').value });
  $('#release-desk').onclick = () => send({ type: 'release_desk' });
  for (const b of document.querySelectorAll('[data-action]'))
    b.onclick = () => {
      if (S.selected === null) return status(t('select_alert'), true);
      const m = { type: 'decide', alert: S.selected, action: b.dataset.action };
      if (m.action === 'push') m.unit = $('#push-unit').value;
      if (m.action === 'plan') m.rule = $('#plan-rule').value;
      send(m);
    };
  for (const b of document.querySelectorAll('[data-control]'))
    b.onclick = () => {
      const action = b.dataset.control;
      if (action === 'start' && S.state === 'paused') return send({ type: 'control', action: 'resume' });
      const m = { type: 'control', action };
      if (action === 'speed') m.speed = Number($('#speed').value);
      send(m);
    };
  $('#alert-unit').onchange = () => { $('#alert-unit').dataset.touched = '1'; };
  for (const b of document.querySelectorAll('[data-inject]'))
    b.onclick = () => {
      const kind = b.dataset.inject;
      const m = { type: 'inject', kind };
      if (kind === 'surge') {
        m.multiplier = Number($('#surge-mult').value);
        m.duration_s = 60 * Number($('#surge-min').value);
      } else if (kind === 'desk_outage') {
        m.desk = $('#outage-desk').value;
        m.duration_s = 60 * Number($('#outage-min').value);
      } else if (kind === 'officers_unavailable') {
        m.unit = $('#off-unit').value;
        m.duration_s = 60 * Number($('#off-min').value);
      } else if (kind === 'alert') {
        m.unit = $('#alert-unit').value;
        m.fraud_type = $('#alert-type').value;
        m.grade = 1;
        m.amount = Number($('#alert-amount').value);
      }
      send(m);
    };
  // "From 14:20 on, what if the standard rules had taken over?": HH:MM on the exercise's clock,
  // the latest such moment not after now (an exercise may run past midnight), as simulated
  // seconds since the scenario's start (the protocol's branch_at_s).
  function branchAtSeconds(text) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
    const now = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(S.clock || '');
    if (!m || !now || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
    const nowUtc = Date.UTC(+now[1], +now[2] - 1, +now[3], +now[4], +now[5], +now[6]);
    let at = Date.UTC(+now[1], +now[2] - 1, +now[3], +m[1], +m[2], 0);
    if (at > nowUtc) at -= 86400000;
    const ms = S.clock_ms - (nowUtc - at);  // S.clock is the exercise's time at S.clock_ms
    return ms >= 0 ? Math.floor(ms / 1000) : null;
  }
  $('#branch-at').title = t('branch_hint');
  $('#review-btn').onclick = () => {
    const text = $('#branch-at').value;
    const msg = { type: 'review' };
    if (text.trim() !== '') {
      const s = branchAtSeconds(text);
      if (s === null) return status(t('branch_bad'), true);
      msg.branch_at_s = s;
    }
    status(t('review_wait'));
    send(msg);
  };

  applyText();
  connect();
})();
