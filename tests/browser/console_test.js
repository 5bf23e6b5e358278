// The training console in a real browser: Debian's chromium (/usr/bin/chromium) driven by
// playwright-core. Starts `hotline-sim serve` on a free loopback port, opens the trainer's
// page and two trainees' pages at 1366x768, and plays an exercise through the pages only:
// the trainees take desks, take alerts from their queues, call and push; the trainer starts
// it at high speed, injects a desk outage, pauses, ends it. Asserts on what the pages show:
// the queues, desk loads and KPIs equal the server's own snapshot (fetched over a WebSocket by
// `hotline-sim live-client`), Chinese text renders (non-zero width, real glyphs), the English
// switch works, the views fit 1366x768, and no request leaves loopback. Keeps a screenshot of
// each view in the output folder. Stops the server by its PID.
//
//   node console_test.js HOTLINE_SIM OUT_DIR
//
// Fails (never skips) when chromium, playwright-core or the CJK font is missing.
'use strict';

const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { setup, checker } = require('./harness');

const { exe, outDir, playwright, CHROMIUM } = setup('console_test.js');
const { check, counts } = checker();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Polls `fn` (async, truthy when done) every 100 ms for at most `ms`.
async function until(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

// ---- the server: loopback, a free port, stopped by PID ----
// xizang with a scripted timeline: a surge early (played during the test) and a desk outage
// later (still to come when it ends).
const SCENARIO = path.join(outDir, 'xizang-injects.yaml');
fs.writeFileSync(SCENARIO, fs.readFileSync(path.join(__dirname, '../../scenarios/xizang.yaml'), 'utf8') +
  '\ninjects:\n' +
  '  - at: "2021-09-01T00:05"\n    surge: {multiplier: 3, for: 1h}\n' +
  '  - at: "2021-09-03T08:00"\n    desk_outage: {desk: "shigatse:city_command", for: 2h}\n');

function startServer() {
  const child = spawn(exe, ['serve', SCENARIO, '--speed', '300', '--listen', '127.0.0.1:0',
    '--out', path.join(outDir, 'exercises')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => process.stderr.write(d));
  return {
    child,
    urls: () => until('the URLs serve prints', () => {
      const get = (k) => (out.match(new RegExp(`^  ${k}: (\\S+)`, 'm')) || [])[1];
      const u = { trainerPage: get('trainer console'), traineePage: get('trainee console'),
        trainerWs: get('trainer') };
      return u.trainerPage && u.traineePage && u.trainerWs ? u : null;
    }, 15000),
  };
}
async function stopServer(child) {
  if (child.signalCode !== null) throw new Error(`serve died of ${child.signalCode}`);
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGINT');  // by its PID: every exercise ends and writes its files
  const code = await Promise.race([exited, sleep(15000).then(() => 'timeout')]);
  if (code === 'timeout') {
    child.kill('SIGKILL');
    throw new Error('serve did not stop within 15 s of SIGINT');
  }
  return code;
}

// The server's own view: one snapshot over a WebSocket (live-client exits on it).
function serverSnapshot(wsUrl) {
  const text = execFileSync(exe, ['live-client', wsUrl, '--send', '{"type":"snapshot"}',
    '--until', 'snapshot', '--print', 'snapshot', '--timeout', '10'],
  { encoding: 'utf8', timeout: 20000 });
  const lines = text.split('\n').filter((l) => l.includes('"type":"snapshot"'));
  return JSON.parse(lines[lines.length - 1]);
}

// Chinese text of the page is rendered with some width, with real glyphs of a CJK face.
async function cjkRendered(page) {
  const r = await page.evaluate(() => {
    const texts = [...document.querySelectorAll('[data-i18n], td, h1, h2, summary span')].filter(
      (e) => e.offsetParent !== null && /[\u3400-\u9fff]/.test(e.textContent));
    const widths = texts.map((e) => e.getBoundingClientRect().width);
    const font = getComputedStyle(document.body).fontFamily;
    const draw = (ch) => {
      const c = document.createElement('canvas');
      c.width = c.height = 40;
      const g = c.getContext('2d');
      g.font = `32px ${font}`;
      g.fillText(ch, 2, 32);
      return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
    };
    const a = draw('西');
    const b = draw('藏');
    const g = document.createElement('canvas').getContext('2d');
    const w = (f) => { g.font = f; return g.measureText('hotline 96110 abcdefg').width; };
    return {
      count: texts.length,
      zeroWidth: texts.filter((_, i) => !(widths[i] > 0)).map((e) => e.textContent),
      glyphs: a !== b && /[1-9]/.test(a) && /[1-9]/.test(b),
      font: w('16px "Noto Sans CJK SC", monospace') !== w('16px monospace'),
    };
  });
  assert.ok(r.count >= 10, `only ${r.count} visible elements with Chinese text`);
  assert.deepEqual(r.zeroWidth, [], 'Chinese text rendered with zero width');
  assert.ok(r.font, 'the CJK font (Noto Sans CJK SC, Debian fonts-noto-cjk) is not installed');
  assert.ok(r.glyphs, 'Chinese characters draw as missing-glyph boxes');
}

// The view fits 1366x768: the page itself does not scroll (panels scroll inside) and every
// panel is inside the viewport.
async function fits(page, panels) {
  const r = await page.evaluate((panels) => ({
    w: document.documentElement.scrollWidth,
    h: document.documentElement.scrollHeight,
    out: panels.filter((id) => {
      const b = document.getElementById(id).getBoundingClientRect();
      return !(b.width > 150 && b.height > 80 && b.left >= 0 && b.top >= 0 &&
               b.right <= innerWidth && b.bottom <= innerHeight);
    }),
  }), panels);
  assert.ok(r.w <= 1366 && r.h <= 768, `the page scrolls: ${r.w}x${r.h}`);
  assert.deepEqual(r.out, [], 'panels outside the 1366x768 viewport or squashed');
}

async function main() {
  const server = startServer();
  let browser;
  try {
    const urls = await server.urls();
    const origin = new URL(urls.trainerPage).origin;
    const host = new URL(urls.trainerPage).host;
    browser = await playwright.chromium.launch({
      executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    // Every request and socket of every page is recorded; any not to the server is aborted.
    const requests = [];
    const offLoopback = [];
    const errors = [];
    async function open(url, name) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await ctx.route('**/*', (route) => {
        const u = route.request().url();
        if (new URL(u).host === host) return route.continue();
        offLoopback.push(u);
        return route.abort();
      });
      const page = await ctx.newPage();
      page.on('request', (r) => requests.push(r.url()));
      page.on('websocket', (ws) => requests.push(ws.url()));
      page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(`${name}: ${m.text()}`); });
      await page.goto(url, { waitUntil: 'load' });
      await until(`${name}'s snapshot`, () => page.evaluate(() =>
        window.hotlineConsole && window.hotlineConsole.units.length > 0));
      await page.evaluate(() => document.fonts.ready);
      return page;
    }
    const trainer = await open(urls.trainerPage, 'trainer');
    const ann = await open(urls.traineePage.replace('NAME', 'ann'), 'ann');
    const bob = await open(urls.traineePage.replace('NAME', 'bob'), 'bob');

    await check('each page shows its own view (the role comes from the socket)', async () => {
      assert.equal(await trainer.isVisible('#trainer'), true);
      assert.equal(await trainer.isVisible('#trainee'), false);
      assert.equal(await ann.isVisible('#trainee'), true);
      assert.equal(await ann.isVisible('#trainer'), false);
      assert.match(await ann.textContent('#who'), /ann/);
    });

    await check('trainees take their desks from the page', async () => {
      for (const [p, desk] of [[ann, '96110'], [bob, 'lhasa:city_command']]) {
        await p.selectOption('#desk-select', desk);
        await p.click('#take-desk');
        await until(`desk ${desk} taken`, () => p.evaluate((d) => window.hotlineConsole.yourDesk === d, desk));
      }
      await until('the trainer sees the holders', async () =>
        (await trainer.textContent('#desk-table tr[data-desk="96110"] [data-f="held_by"]')) === 'ann');
      // The unit tree shows the whole organisation, with the load of each unit.
      const tree = await ann.evaluate(() => ({
        units: document.querySelectorAll('#tree [data-unit]').length,
        total: window.hotlineConsole.units.length,
        rootLoad: document.querySelector('#tree [data-unit]').textContent,
      }));
      assert.equal(tree.units, tree.total);
      assert.match(tree.rootLoad, /96110 \d+\/\d+\/\d+/);
      assert.ok((await ann.$$('#officers tbody tr')).length > 10, 'no officers the region desk can send');
    });

    await check('the trainer starts the exercise at high speed and the clock runs', async () => {
      await trainer.fill('#speed', '300');
      await trainer.click('[data-control="speed"]');
      await trainer.click('[data-control="start"]');
      await until('running', async () => (await trainer.getAttribute('#state', 'data-state')) === 'running');
      const t0 = await trainer.evaluate(() => window.hotlineConsole.time_ms);
      await sleep(1500);
      assert.ok(await trainer.evaluate(() => window.hotlineConsole.time_ms) > t0 + 60000,
        'less than a simulated minute in 1.5 s at 300x');
    });

    // Trainees work their queues through the page: click the first alert, then act on it.
    const acted = { ann: 0, bob: 0 };
    async function work(p, name, act) {
      if ((await p.$$('#queue tbody tr')).length === 0) return;
      await p.locator('#queue tbody tr').first().click({ timeout: 3000 });
      const id = await p.getAttribute('#selected', 'data-alert');
      if (!id) return;
      if (act === 'push') {
        const opts = await p.$$eval('#push-unit option', (o) => o.map((x) => x.value));
        if (!opts.length) return;
        await p.selectOption('#push-unit', opts[0]);
      }
      await p.click(`[data-action="${act}"]`);
      acted[name] += 1;
    }
    await check('trainees take alerts from their queues, call and push', async () => {
      const end = Date.now() + 20000;
      while (Date.now() < end && (acted.ann < 3 || acted.bob < 2)) {
        await work(ann, 'ann', 'call');
        await work(bob, 'bob', 'push');
        await sleep(300);
      }
      assert.ok(acted.ann >= 3 && acted.bob >= 2, `too few decisions: ${JSON.stringify(acted)}`);
      // The trainer's log of decisions names both trainees.
      await until('both trainees in the decision log', async () => {
        const by = await trainer.$$eval('#decisions li[data-by]', (l) => l.map((x) => x.dataset.by));
        return by.includes('trainee:ann') && by.includes('trainee:bob');
      });
      // Outcomes appear on the trainee's page as the simulation decides them.
      await until('an outcome on ann\'s page', async () => (await ann.$$('#outcomes li')).length > 0, 30000);
    });

    await check('the trainer injects a desk outage and it shows in the log', async () => {
      await trainer.selectOption('#outage-desk', 'lhasa:city_command');
      await trainer.click('[data-inject="desk_outage"]');
      await until('the inject in the log', async () =>
        (await trainer.$$('#decisions li.inject')).length > 0);
      await until('lhasa:city_command out', async () =>
        (await trainer.getAttribute('#desk-table tr[data-desk="lhasa:city_command"] [data-f="staffed"]', 'data-value')) === '0');
    });

    await check('the scripted inject timeline shows what played and what is to come', async () => {
      const items = await trainer.$$eval('#timeline li', (l) => l.map((x) => x.className));
      assert.deepEqual(items, ['played', '']);
      assert.match(await trainer.textContent('#timeline li:nth-child(2)'), /2021-09-03T08:00:00/);
      assert.ok((await trainer.$$('#decisions li.inject')).length >= 2, 'scripted and trainer injects in the log');
    });

    await check('paused: queues, desk loads and KPIs on the pages equal the server\'s snapshot', async () => {
      await trainer.click('[data-control="pause"]');
      await until('paused', async () => (await trainer.getAttribute('#state', 'data-state')) === 'paused');
      await sleep(700);  // the last desk_load and kpis of the pause reach every page
      const snap = serverSnapshot(urls.trainerWs);
      assert.equal(snap.state, 'paused');
      // The trainer's desk table, desk by desk.
      const shown = await trainer.$$eval('#desk-table tbody tr', (rows) => rows.map((r) => ({
        id: r.dataset.desk,
        queued: Number(r.querySelector('[data-f="queued"]').textContent),
        busy: Number(r.querySelector('[data-f="busy"]').textContent),
        staffed: Number(r.querySelector('[data-f="staffed"]').textContent),
      })));
      assert.deepEqual(shown, snap.desks.map((d) => ({ id: d.id, queued: d.queued, busy: d.busy, staffed: d.staffed })));
      // Not a comparison of zeros: operators on duty, and work at some desk or in a queue.
      assert.ok(snap.desks.some((d) => d.staffed > 0), 'nothing to compare: no operator on duty');
      assert.ok(snap.desks.some((d) => d.queued + d.busy > 0) || snap.alerts.length > 0,
        'nothing to compare: no work anywhere');
      // The KPIs as text.
      const kpis = await trainer.$$eval('#kpis [data-kpi]', (t) => t.map((x) => [x.dataset.kpi, x.textContent]));
      for (const [k, text] of kpis) {
        const v = snap.totals[k];
        const want = k.startsWith('amount') ? Math.round(v).toLocaleString('en-US') : String(v);
        assert.equal(text, want, `KPI ${k}`);
      }
      assert.ok(snap.totals.entered > 0);
      const reached = await trainer.$$eval('#reached tbody tr', (rows) => rows.map((r) => ({
        grade: Number(r.dataset.grade),
        reached: Number(r.querySelector('[data-f="reached"]').textContent),
        eligible: Number(r.querySelector('[data-f="eligible"]').textContent),
        entered: Number(r.querySelector('[data-f="entered"]').textContent),
      })));
      assert.deepEqual(reached, snap.reached.map((r) => ({
        grade: r.grade, reached: r.reached, eligible: r.eligible, entered: r.entered })));
      // Each trainee's queue: the open alerts of the desk, no more, no fewer.
      for (const [p, desk] of [[ann, '96110'], [bob, 'lhasa:city_command']]) {
        const ids = await p.$$eval('#queue tbody tr', (r) => r.map((x) => Number(x.dataset.alert)).sort((a, b) => a - b));
        const want = snap.alerts.filter((a) => a.desk === desk).map((a) => a.id).sort((a, b) => a - b);
        assert.deepEqual(ids, want, `queue of ${desk}`);
        assert.equal(Number(await p.textContent('#queue-count')), want.length);
        const d = snap.desks.find((x) => x.id === desk);
        assert.equal(Number(await p.textContent('#op-queued')), d.queued, `${desk} queued`);
        assert.equal(Number(await p.textContent('#op-staffed')), d.staffed, `${desk} on duty`);
      }
      // The trainee's queue shows waiting times and the visible attributes, never a hidden one.
      const html = await ann.content();
      assert.ok(!/time_to_loss|deadline|would_pay/.test(html));
      const state = await ann.evaluate(() => JSON.stringify([...window.hotlineConsole.alerts.values()]));
      assert.ok(!/time_to_loss|deadline|would_pay/.test(state), 'a hidden attribute reached a trainee');
    });

    await check('Chinese text renders on every view, and the English switch works', async () => {
      for (const p of [trainer, ann]) await cjkRendered(p);
      await ann.click('#lang');
      assert.equal(await ann.textContent('[data-i18n="queue"]'), 'Alerts to handle');
      assert.equal(await ann.getAttribute('html', 'lang'), 'en');
      await ann.screenshot({ path: path.join(outDir, 'console-trainee-en.png') });
      await ann.click('#lang');
      assert.equal(await ann.textContent('[data-i18n="queue"]'), '待处置预警');
    });

    await check('each view fits 1366x768', async () => {
      await fits(trainer, ['control-panel', 'desks-panel', 'decisions-panel', 'inject-panel']);
      await fits(ann, ['desk-panel', 'queue-panel', 'action-panel', 'tree-panel']);
    });

    await trainer.screenshot({ path: path.join(outDir, 'console-trainer.png') });
    await ann.screenshot({ path: path.join(outDir, 'console-trainee.png') });
    await bob.screenshot({ path: path.join(outDir, 'console-trainee-bob.png') });

    await check('the trainer ends the exercise and every page says so', async () => {
      await trainer.click('[data-control="end"]');
      for (const p of [trainer, ann, bob])
        await until('the ended banner', () => p.isVisible('#ended'));
      assert.match(await ann.textContent('#ended'), /演练已结束/);
      assert.equal(await trainer.getAttribute('#state', 'data-state'), 'ended');
    });

    await check('the review opens from the trainer view and its totals equal review.json', async () => {
      await trainer.click('#review-btn');
      await until('the review link', () => trainer.isVisible('#review-link'), 60000);
      const href = await trainer.getAttribute('#review-link', 'href');
      assert.match(href, /^\/review\.html\?exercise=1&token=[0-9a-f]{32}$/);
      const reviewPage = await trainer.context().newPage();
      reviewPage.on('request', (r) => requests.push(r.url()));
      await reviewPage.goto(origin + href, { waitUntil: 'load' });
      // review.json from node (the review page's own CSP lets it fetch nothing).
      const res = await trainer.context().request.get(origin + href.replace('review.html', 'review.json'));
      assert.equal(res.status(), 200);
      const json = await res.json();
      assert.equal(json.format, 'hotline-sim after-action review');
      assert.equal(json.ended, true);
      const cards = await reviewPage.$$eval('.kpi[data-total]', (c) => c.map((x) => ({
        name: x.dataset.total, trainees: Number(x.dataset.trainees), standard: Number(x.dataset.standard),
      })));
      assert.ok(cards.length >= 4, `only ${cards.length} total cards on the review`);
      // A card shows a total, or for a count with a share (reached within target) the share.
      const want = (side, name) => {
        const t = json.totals[side];
        return `${name}_share` in t ? t[`${name}_share`] : t[name];
      };
      const near = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
      for (const c of cards) {
        assert.ok(c.name in json.totals.trainees, `review.json has no total ${c.name}`);
        for (const side of ['trainees', 'standard'])
          assert.ok(near(c[side], want(side, c.name)),
            `${side}' ${c.name}: the page shows ${c[side]}, review.json ${want(side, c.name)}`);
      }
      // The trainees' run is this exercise: as many alerts as the trainer's KPIs counted.
      assert.equal(json.totals.trainees.alerts, await trainer.evaluate(() => window.hotlineConsole.totals.entered));
      await reviewPage.screenshot({ path: path.join(outDir, 'console-review.png'), fullPage: false });
      // The review is the trainer's: a trainee's token gets nothing.
      const traineeToken = new URL(urls.traineePage).searchParams.get('token');
      const refused = await ann.context().request.get(
        `${origin}/review.json?exercise=1&token=${traineeToken}`);
      assert.equal(refused.status(), 403);
      await reviewPage.close();
    });

    await check('a branched review from the trainer view starts the standard rules at the time typed', async () => {
      const jsonUrl = origin + (await trainer.getAttribute('#review-link', 'href')).replace('review.html', 'review.json');
      // A time after the simulated now is refused in the page: nothing is sent.
      await trainer.fill('#branch-at', '23:59');
      await trainer.click('#review-btn');
      const unchanged = await (await trainer.context().request.get(jsonUrl)).json();
      assert.equal(unchanged.counterfactual.kind, 'standard_rules_throughout');
      // xizang's clock starts at midnight: branch at the minute halfway to the end.
      const endMs = await trainer.evaluate(() => window.hotlineConsole.time_ms);
      const minutes = Math.floor(endMs / 2 / 60000);
      const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      await trainer.fill('#branch-at', hhmm);
      await trainer.click('#review-btn');
      let json = null;
      await until('a branched review.json', async () => {
        json = await (await trainer.context().request.get(jsonUrl)).json();
        return json.counterfactual.kind === 'branch';
      }, 60000);
      assert.equal(json.counterfactual.branch_at_ms, minutes * 60000);
      assert.ok(json.counterfactual.branch_clock.includes(hhmm), json.counterfactual.branch_clock);
      await trainer.fill('#branch-at', '');
    });

    await check('no request left loopback, and the pages logged no error', async () => {
      assert.deepEqual(offLoopback, []);
      assert.ok(requests.length >= 9, `only ${requests.length} requests recorded`);
      const elsewhere = requests.filter((u) => new URL(u).host !== host);
      assert.deepEqual(elsewhere, []);
      assert.ok(requests.some((u) => u.startsWith(`ws://${host}/ws?`)), 'no WebSocket to the server');
      assert.deepEqual(errors, []);
      assert.ok(origin.startsWith('http://127.0.0.1:'));
    });
  } finally {
    if (browser) await browser.close();
    const code = await stopServer(server.child);
    await check('serve stops cleanly on SIGINT', async () => assert.equal(code, 0));
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed; screenshots in ${outDir}`);
  process.exit(counts.failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
