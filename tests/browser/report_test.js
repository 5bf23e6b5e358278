// report.html in a real browser: Debian's chromium (/usr/bin/chromium, never a downloaded
// one) driven by playwright-core. Runs `hotline-sim run` (replicated and single) and
// `hotline-sim compare` on a short xizang, loads each report.html from file://, and checks the
// DOM against summary.json / comparison.json: every chart is there and drawn, every headline
// number equals the JSON, Chinese text is present and rendered with a CJK font (non-zero
// width), and the page makes no network request (all but the page itself is aborted and
// counted). Keeps a screenshot of each page in the output folder.
//
//   node report_test.js HOTLINE_SIM OUT_DIR
//
// Fails (never skips) when chromium, playwright-core or the CJK font is missing.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { setup, checker } = require('./harness');

const { exe, outDir, playwright, CHROMIUM } = setup('report_test.js');
const { check, counts } = checker();

// A short xizang: 82 desks, Chinese display names, a costs: section.
const SHORT = ['--set', 'clock.horizon=2d', '--set', 'clock.warmup=0s', '--threads', '2'];
function hotline(args, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync(exe, [...args, ...SHORT, '--out', dir, '--quiet'], { stdio: 'inherit' });
  return dir;
}
const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));

const CJK = /[\u3400-\u9fff]/;

// Loads a report with every request but the page itself aborted and recorded.
async function open(browser, file) {
  const page = await browser.newPage({ viewport: { width: 1150, height: 1250 } });
  const url = 'file://' + path.resolve(file);
  const blocked = [];
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    blocked.push(u);
    return route.abort();
  });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return { page, blocked, requests, url };
}

async function chartsDrawn(page, ids) {
  for (const id of ids) {
    const box = await page.evaluate((id) => {
      const svg = document.querySelector(`svg[data-chart="${id}"]`);
      if (!svg) return null;
      const r = svg.getBoundingClientRect();
      return { w: r.width, h: r.height, marks: svg.querySelectorAll('[data-value]').length };
    }, id);
    assert.ok(box, `no <svg data-chart="${id}">`);
    assert.ok(box.w > 100 && box.h > 100, `chart ${id} is not drawn: ${JSON.stringify(box)}`);
    assert.ok(box.marks > 0, `chart ${id} has no bars, points or cells`);
  }
}

// Every Chinese label in the charts and cards is rendered with some width, and the CJK face
// of the font stack is really there (not a fallback box).
async function cjkRendered(page) {
  const r = await page.evaluate(() => {
    const texts = [...document.querySelectorAll('svg text, .zh, h1')].filter((e) =>
      /[\u3400-\u9fff]/.test(e.textContent));
    const widths = texts.map((e) =>
      e.getBBox ? e.getBBox().width : e.getBoundingClientRect().width);
    return {
      count: texts.length,
      zeroWidth: texts.filter((_, i) => !(widths[i] > 0)).map((e) => e.textContent),
      // Real glyphs, not fallback boxes: two different characters in the page's font draw
      // different, non-empty pixels (missing glyphs all draw the same box).
      glyphs: (() => {
        const font = getComputedStyle(document.body).fontFamily;
        const draw = (ch) => {
          const c = document.createElement('canvas');
          c.width = c.height = 40;
          const g = c.getContext('2d');
          g.font = `32px ${font}`;
          g.fillText(ch, 2, 32);
          return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
        };
        const a = draw('西'), b = draw('藏');
        return a !== b && /[1-9]/.test(a) && /[1-9]/.test(b);
      })(),
      // The CJK face of the stack is installed: Latin text measures differently in it than
      // in the generic monospace face.
      font: (() => {
        const g = document.createElement('canvas').getContext('2d');
        const w = (f) => { g.font = f; return g.measureText('hotline 96110 abcdefg').width; };
        return w('16px "Noto Sans CJK SC", monospace') !== w('16px monospace');
      })(),
    };
  });
  assert.ok(r.count >= 5, `only ${r.count} elements with Chinese text`);
  assert.deepEqual(r.zeroWidth, [], 'Chinese text rendered with zero width');
  assert.ok(r.font, 'the CJK font (Noto Sans CJK SC, Debian fonts-noto-cjk) is not installed');
  assert.ok(r.glyphs, 'Chinese characters draw as missing-glyph boxes');
}

function noNetwork(o) {
  assert.deepEqual(o.blocked, [], 'the page asked for other resources');
  assert.deepEqual(o.requests, [o.url], 'the page made requests besides loading itself');
}

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const runDir = hotline(['run', 'xizang', '--reps', '3'], path.join(outDir, 'run'));
  const singleDir = hotline(['run', 'xizang'], path.join(outDir, 'single'));
  const cmpDir = hotline(
    ['compare', 'xizang', '--vs-set', 'desks.96110.roster.night.headcount=4', '--reps', '3'],
    path.join(outDir, 'compare'));

  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    // --- a replicated run
    const summary = readJson(path.join(runDir, 'summary.json'));
    const kpis = new Map(summary.kpis.map((k) => [k.name, k]));
    const run = await open(browser, path.join(runDir, 'report.html'));
    const p = run.page;
    await check('run: report.html is listed in manifest.json', () => {
      const m = readJson(path.join(runDir, 'manifest.json'));
      assert.ok(m.files.some((f) => f.name === 'report.html'), JSON.stringify(m.files));
    });
    await check('run: every chart is present and drawn', () =>
      chartsDrawn(p, ['desk-hour-service-level', 'desk-hour-utilisation', 'desk-hour-queue', 'yuan-by-type',
                      'reached-by-hour', 'reached-by-interval']));
    await check('run: headline numbers equal summary.json', async () => {
      const cards = await p.$$eval('[data-kpi]', (es) => es.map((e) => ({
        name: e.dataset.kpi, mean: Number(e.dataset.mean), hw: Number(e.dataset.halfWidth),
        text: e.textContent })));
      assert.ok(cards.length >= 8, `only ${cards.length} headline numbers`);
      for (const c of cards) {
        const k = kpis.get(c.name);
        assert.ok(k, `${c.name} is not in summary.json`);
        assert.equal(c.mean, k.mean, c.name);
        assert.equal(c.hw, k.half_width, c.name);
        assert.ok(c.text.includes('±'), `${c.name} shows no CI: ${c.text}`);
      }
      const cost = await p.$eval('[data-cost="run"]', (e) => Number(e.dataset.costYuan));
      assert.equal(cost, summary.staffing_cost.total_yuan);
      assert.ok(cost > 0, 'xizang has a costs: section');
    });
    await check('run: the bars of yuan lost per fraud type equal summary.json', async () => {
      const bars = await p.$$eval('svg[data-chart="yuan-by-type"] rect.bar', (es) =>
        es.map((e) => ({ series: e.dataset.series, value: Number(e.dataset.value) })));
      const lost = bars.filter((b) => b.series.startsWith('lost')).map((b) => b.value);
      const want = summary.kpis.filter((k) => /^type\.[^.]+\.lost_yuan$/.test(k.name))
        .map((k) => k.mean);
      assert.deepEqual(lost, want);
    });
    await check('run: the heat map has a cell per desk and hour', async () => {
      const n = await p.$$eval('svg[data-chart="desk-hour-utilisation"] rect.cell', (es) =>
        es.length);
      assert.equal(n, 60 * 24);  // the busiest 60 of xizang's 82 desks
    });
    await check('run: the 96110 row of the heat map equals desks.csv by hour of day', async () => {
      // desks.csv rounds to 4 decimals: the page's exact values agree to 1e-3.
      const rows = fs.readFileSync(path.join(runDir, 'desks.csv'), 'utf8').replace(/^\uFEFF/, '')
        .trim().split('\n').map((l) => l.split(','));
      const col = Object.fromEntries(rows[0].map((n, i) => [n, i]));
      const busy = Array(24).fill(0), staffed = Array(24).fill(0);
      for (const r of rows.slice(1)) {
        if (r[col.desk] !== '96110') continue;
        const h = Number(r[col.hour_start].slice(11, 13));
        busy[h] += Number(r[col.busy_mean]);
        staffed[h] += Number(r[col.staffed_mean]);
      }
      const cells = await p.$$eval(
        'svg[data-chart="desk-hour-utilisation"] rect.cell[data-row="0"]',
        (es) => es.map((e) => Number(e.dataset.value)));
      const label = await p.$eval('svg[data-chart="desk-hour-utilisation"] .row-label',
        (e) => e.textContent);
      assert.ok(label.startsWith('96110'), `the busiest desk is ${label}`);
      assert.equal(cells.length, 24);
      cells.forEach((v, h) => assert.ok(Math.abs(v - busy[h] / staffed[h]) < 1e-3,
        `hour ${h}: page ${v}, desks.csv ${busy[h] / staffed[h]}`));
    });
    await check('run: Chinese labels are present and rendered', () => cjkRendered(p));
    await check('run: the manifest names the seed and the scenario hash', async () => {
      const text = await p.$eval('#manifest', (e) => e.textContent);
      assert.ok(text.includes(String(summary.manifest.seed)));
      assert.ok(text.includes(summary.manifest.scenario_sha256));
    });
    await check('run: no network request', () => noNetwork(run));
    await p.screenshot({ path: path.join(outDir, 'run-report.png'), fullPage: true });
    // The top of the page (headline and heat map), as docs/report-screenshot.png shows it.
    await p.screenshot({ path: path.join(outDir, 'run-report-top.png') });

    // --- a single run: the same page, numbers from summary.json's groups
    const single = readJson(path.join(singleDir, 'summary.json'));
    const one = await open(browser, path.join(singleDir, 'report.html'));
    await check('single run: numbers equal summary.json', async () => {
      const get = (n) => one.page.$eval(`[data-kpi="${n}"]`, (e) => Number(e.dataset.mean));
      assert.equal(await get('all.dissuaded_share'), single.all.dissuaded_share);
      assert.equal(await get('all.lost_yuan'), single.all.lost_yuan);
      assert.equal(await get('all.avoided_yuan'), single.all.avoided_yuan);
      assert.equal(await get('all.reached_within_target'), single.all.reached_share);
    });
    await check('single run: no network request', () => noNetwork(one));

    // --- a comparison
    const cmp = readJson(path.join(cmpDir, 'comparison.json'));
    const ck = new Map(cmp.kpis.map((k) => [k.name, k]));
    const c = await open(browser, path.join(cmpDir, 'report.html'));
    await check('compare: every chart is present and drawn', () =>
      chartsDrawn(c.page, ['paired-differences', 'yuan-by-type', 'reached-by-hour']));
    await check('compare: paired differences equal comparison.json', async () => {
      const rows = await c.page.$$eval('tr[data-kpi]', (es) => es.map((e) => ({
        name: e.dataset.kpi, base: Number(e.dataset.base), other: Number(e.dataset.other),
        mean: Number(e.dataset.mean), hw: Number(e.dataset.halfWidth) })));
      assert.ok(rows.length >= 7, `only ${rows.length} rows`);
      for (const r of rows) {
        const k = ck.get(r.name);
        assert.ok(k, `${r.name} is not in comparison.json`);
        assert.equal(r.base, k.base.mean, r.name);
        assert.equal(r.other, k.other.mean, r.name);
        assert.equal(r.mean, k.difference.mean, r.name);
        assert.equal(r.hw, k.difference.half_width, r.name);
      }
      const cost = await c.page.$eval('[data-cost="other"]', (e) => Number(e.dataset.costYuan));
      assert.equal(cost, cmp.staffing_cost.other.total_yuan);
    });
    await check('compare: Chinese labels are present and rendered', () => cjkRendered(c.page));
    await check('compare: no network request', () => noNetwork(c));
    await c.page.screenshot({ path: path.join(outDir, 'compare-report.png'), fullPage: true });

    // --- a sweep over the night headcount of the 96110 desk
    const sweepDir = hotline(['sweep', 'xizang', '--vary', 'night:desks.96110.roster.night.headcount=1..3',
                              '--reps', '3', '--kpi', 'grade1.reached_within_600s.night',
                              '--kpi', 'all.lost_yuan'], path.join(outDir, 'sweep'));
    const sw = readJson(path.join(sweepDir, 'sweep.json'));
    const s = await open(browser, path.join(sweepDir, 'report.html'));
    await check('sweep: report.html is listed in manifest.json', () => {
      const m = readJson(path.join(sweepDir, 'manifest.json'));
      assert.ok(m.files.some((f) => f.name === 'report.html'), JSON.stringify(m.files));
    });
    await check('sweep: every chart is present and drawn', () =>
      chartsDrawn(s.page, ['sweep-grade1-reached_within_600s-night', 'sweep-all-lost_yuan',
                           'sweep-marginal']));
    await check('sweep: each headcount\'s point equals sweep.json', async () => {
      const pts = await s.page.$$eval(
          'svg[data-chart="sweep-grade1-reached_within_600s-night"] circle[data-value]',
          (es) => es.map((e) => ({ x: Number(e.dataset.x), v: Number(e.dataset.value),
                                   hw: Number(e.dataset.halfWidth) })));
      assert.equal(pts.length, sw.variants.length);
      for (const v of sw.variants) {
        const k = v.kpis['grade1.reached_within_600s.night'];
        const p = pts.find((q) => q.x === Number(v.parameters.night));
        assert.ok(p, `no point at night = ${v.parameters.night}`);
        assert.equal(p.v, k.mean);
        assert.equal(p.hw, k.half_width);
      }
    });
    await check('sweep: no network request', () => noNetwork(s));
    await s.page.screenshot({ path: path.join(outDir, 'sweep-report.png'), fullPage: true });
  } finally {
    await browser.close();
  }
  console.log(`screenshots: ${path.join(outDir, 'run-report.png')}, ` +
              `${path.join(outDir, 'compare-report.png')}`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed === 0 ? 0 : 1);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
