// What every browser test here shares: its arguments (HOTLINE_SIM OUT_DIR), the checks that
// playwright-core and Debian's chromium are there (failing, never skipping), and named checks
// counted for the closing line.
'use strict';

const fs = require('node:fs');

const CHROMIUM = process.env.HOTLINE_CHROMIUM || '/usr/bin/chromium';

// Exits 2 on a bad command line, 1 when playwright-core or chromium is missing.
function setup(script) {
  const [exe, outDir] = process.argv.slice(2);
  if (!exe || !outDir) {
    console.error(`usage: node ${script} HOTLINE_SIM OUT_DIR`);
    process.exit(2);
  }
  let playwright;
  try {
    playwright = require('playwright-core');
  } catch (e) {
    console.error(
      'playwright-core is not installed: run `npm ci` in tests/browser (scripts/test does it)');
    process.exit(1);
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: install Debian's chromium (scripts/deps.sh lists it)`);
    process.exit(1);
  }
  return { exe, outDir, playwright, CHROMIUM };
}

// check(name, fn) runs one named check and prints ok/FAIL; counts.passed and counts.failed
// are the totals so far.
function checker() {
  const counts = { passed: 0, failed: 0 };
  async function check(name, fn) {
    try {
      await fn();
      counts.passed += 1;
      console.log(`ok   ${name}`);
    } catch (e) {
      counts.failed += 1;
      console.log(`FAIL ${name}\n     ${String(e.stack || e.message).split('\n').join('\n     ')}`);
    }
  }
  return { check, counts };
}

module.exports = { setup, checker };
