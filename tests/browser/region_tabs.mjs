// The region tabs of the board and the availability page in a real browser:
// Debian's Chromium, headless, with JavaScript DISABLED, driven by
// playwright-core.
//
//   node region_tabs.mjs SITE_URL SCREENSHOT_DIR
//
// Both pages hold every region's panel (bootstrap/catalog-test.yaml: Region1,
// Region2); CSS shows one. Checks, for / and /availability: the first region
// is the one shown; clicking another region's tab shows that one alone (the
// address gets its #region-… fragment); ?region=Region2 shows Region2; a
// fragment wins over ?region=; with the stylesheet blocked every panel shows,
// one below the other. Prints "PASS name" or "FAIL name: why" per check and
// saves a screenshot of each state as SCREENSHOT_DIR/tabs-PAGE-STATE.png.
// Exits 1 when any check failed.
//
// Environment: CHROMIUM (default /usr/bin/chromium).
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(new URL('../node/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [site, shotDir] = process.argv.slice(2);
if (!site || !shotDir) {
  console.error('usage: node region_tabs.mjs SITE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

let failed = 0;
function report(name, ok, why) {
  if (ok) {
    console.log(`PASS ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}: ${why}`);
  }
}

// The ids of the region panels the visitor sees, in page order.
async function visiblePanels(page) {
  const panels = page.locator('section.region-panel');
  const shown = [];
  for (let i = 0; i < (await panels.count()); i++) {
    if (await panels.nth(i).isVisible()) shown.push(await panels.nth(i).getAttribute('id'));
  }
  return shown.join(',');
}

async function expectShown(page, name, want, shot) {
  const got = await visiblePanels(page);
  report(name, got === want, `shown ${got || '(none)'}, expected ${want}`);
  await page.screenshot({ path: join(shotDir, `tabs-${shot}.png`), fullPage: true });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    for (const [name, path] of [['board', '/'], ['availability', '/availability']]) {
      // A parameter of its own keeps nginx's microcache out of the test.
      const url = (query) => `${site}${path}?probe=tabs${query}`;
      await page.goto(url(''));
      await expectShown(page, `${name}: the first region is shown alone`, 'region-Region1', `${name}-default`);
      await page.locator('section#region-Region1 nav.region-tabs a', { hasText: 'Region2' }).click();
      report(`${name}: a tab click puts the region in the address`, page.url().endsWith('#region-Region2'), page.url());
      await expectShown(page, `${name}: a tab click shows that region alone`, 'region-Region2', `${name}-tab`);
      const current = await page.locator('section#region-Region2 nav.region-tabs a[aria-current]').innerText();
      report(`${name}: the shown panel marks its own tab`, current === 'Region2', `marked ${current}`);
      await page.goto(url('&region=Region2'));
      await expectShown(page, `${name}: ?region=Region2 shows Region2`, 'region-Region2', `${name}-param`);
      await page.goto(url('&region=Region2#region-Region1'));
      await expectShown(page, `${name}: a #fragment wins over ?region=`, 'region-Region1', `${name}-both`);
    }
    // Without the stylesheet: every panel, one below the other.
    await page.route('**/static/style.css', (route) => route.abort());
    await page.goto(`${site}/?probe=tabs-nocss`);
    await expectShown(page, 'board without CSS: every region shown', 'region-Region1,region-Region2', 'board-nocss');
  } catch (e) {
    report('region tabs in Chromium', false, String(e).split('\n')[0]);
  } finally {
    await browser.close();
  }
  return failed ? 1 : 0;
}

process.exit(await main());
