// The operator flow of issue 6 in a real browser: Debian's Chromium,
// headless, with JavaScript DISABLED, driven by playwright-core.
//
//   node operator_flow.mjs SITE_URL PROVIDER_URL SCREENSHOT_DIR
//
// Signs in as alice at the test OpenID provider (tests/node/provider.mjs)
// through its login and consent forms, opens an incident for two
// components, posts analyzing -> fixing, separates one component, resolves,
// schedules a maintenance that has begun and one in the future, completes
// the running one, and signs out. After each step the board, the incident
// page, /history and the RSS feed (and, for maintenances, the calendar)
// must show the result. Checks are made as the signed-in operator, whose
// pages nginx never caches; after sign-out, anonymously with a cache-busting
// parameter.
//
// Prints one line per step, "PASS name" or "FAIL name: why", and saves a
// screenshot of each step as SCREENSHOT_DIR/NN-step.png (the operator's tab
// after the action) and, where the board is checked, NN-step-board.png.
// A step whose action could not be done fails, and so does every later step
// that needs it ("not run, because ..."); nothing is skipped silently.
// Exits 1 when any step failed.
//
// Environment: CHROMIUM (default /usr/bin/chromium), FLOW_TIMEOUT_MS (the
// whole run, default 150000).
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

// playwright-core lives in tests/node/node_modules (tests/node/setup.sh).
const require = createRequire(new URL('../node/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [site, providerUrl, shotDir] = process.argv.slice(2);
if (!site || !providerUrl || !shotDir) {
  console.error('usage: node operator_flow.mjs SITE_URL PROVIDER_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const region = 'Region1'; // bootstrap/catalog-test.yaml: Component11..32 are in Region1

// ---------------------------------------------------------------- the data
const stamp = Date.now().toString(36);
const T = {
  incident: `Browser test: API errors ${stamp}`,
  running: `Browser test: database upgrade ${stamp}`,
  planned: `Browser test: network upgrade ${stamp}`,
  refused: `Browser test: no CSRF token ${stamp}`,
};
const M = {
  analyzing: `We are analyzing the API errors ${stamp}.`,
  fixing: `A fix for the API errors is being rolled out ${stamp}.`,
  resolved: `The API errors are resolved ${stamp}.`,
  completed: `The database upgrade is complete ${stamp}.`,
  observing: `We are observing the Component12 fix ${stamp}.`,
  stale: `This update comes from a stale form ${stamp}.`,
  runningDescription: `Upgrading the database cluster ${stamp}.`,
  plannedDescription: `Replacing the core routers ${stamp}.`,
};

// datetime-local values in UTC (the forms' timezone select is set to UTC).
const pad = (n) => String(n).padStart(2, '0');
const minutesFromNow = (m) => new Date(Date.now() + m * 60_000);
const localUtc = (d) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
const nocache = (path) => `${path}${path.includes('?') ? '&' : '?'}_nc=${Math.random().toString(36).slice(2)}`;

// ------------------------------------------------------------ the harness
let failures = 0;
let shotNumber = 0;
const done = new Set(); // steps whose action was carried out
let browser;
let context;
let page; // the operator's tab: forms are filled and submitted here
let viewer; // a second tab of the same operator: the checks look here

const timeoutMs = Number(process.env.FLOW_TIMEOUT_MS || 150_000);
const watchdog = setTimeout(() => {
  console.log(`FAIL the operator flow finished in time: still running after ${timeoutMs} ms`);
  process.exit(1); // playwright-core stops the browser on exit
}, timeoutMs);
watchdog.unref();

// An error in one line; for a Playwright timeout, with what it waited for.
function oneLine(e) {
  // eslint-disable-next-line no-control-regex
  const lines = String(e && e.message ? e.message : e).replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const waited = lines.find((l) => l.includes('waiting for '));
  return (lines[0] + (waited ? ` (${waited.trim().replace(/^- /, '')})` : '')).slice(0, 500);
}
const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

async function screenshot(p, name) {
  await p.screenshot({ path: join(shotDir, name), fullPage: true });
}

// step(name, needs, action, verify): runs `action` (it throws when the
// operator could not do it), saves a screenshot of the operator's tab, then
// runs `verify(check)`, which records what the pages show; prints one line.
async function step(name, needs, action, verify = async () => {}) {
  shotNumber++; // NN in NN-step.png is the step's place in the flow
  const missing = needs.filter((n) => !done.has(n));
  if (missing.length) {
    failures++;
    console.log(`FAIL ${name}: not run, because ${missing.map((n) => `"${n}"`).join(' and ')} could not be done`);
    return;
  }
  const started = Date.now();
  const prefix = `${pad(shotNumber)}-${slug(name)}`;
  const problems = [];
  const check = (ok, what) => {
    if (!ok) problems.push(what);
  };
  try {
    await action();
  } catch (e) {
    failures++;
    await screenshot(page, `${prefix}.png`).catch(() => {});
    console.log(`FAIL ${name}: ${oneLine(e)}`);
    console.error(`${prefix}: ${Date.now() - started} ms`);
    return;
  }
  done.add(name);
  try {
    await screenshot(page, `${prefix}.png`);
  } catch (e) {
    problems.push(`screenshot: ${oneLine(e)}`);
  }
  try {
    await verify(check, prefix);
  } catch (e) {
    problems.push(oneLine(e));
  }
  if (problems.length) {
    failures++;
    console.log(`FAIL ${name}: ${problems.join('; ')}`);
  } else {
    console.log(`PASS ${name}`);
  }
  console.error(`${prefix}: ${Date.now() - started} ms`);
}

// Clicks a submit button and waits for the page it leads to. Returns the
// status of the form's own response (303 before a redirect, 422, 403 ...),
// the final page's status and path.
async function submit(p, button) {
  if ((await button.count()) === 0) throw new Error(`${new URL(p.url()).pathname} has no ${button}`);
  const [final] = await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  if (!final) throw new Error('the button did not load a new page');
  let req = final.request();
  while (req.redirectedFrom()) req = req.redirectedFrom();
  const first = await req.response();
  const url = new URL(final.url());
  return {
    status: first ? first.status() : 0,
    method: req.method(),
    finalStatus: final.status(),
    path: url.pathname,
    url: url.href,
  };
}

// The field errors on a page, "error-FIELD: text", for failure messages.
async function fieldErrors(p) {
  const errors = p.locator('.field-error');
  const out = [];
  for (let i = 0; i < (await errors.count()); i++) {
    const e = errors.nth(i);
    out.push(`${(await e.getAttribute('id')) || '?'}: ${(await e.innerText()).trim()}`);
  }
  return out;
}

// Throws unless the submission answered 303 and landed on a path matching re.
async function expectRedirect(p, result, re, what) {
  if (result.status !== 303) {
    const errors = await fieldErrors(p).catch(() => []);
    const heading = await p.locator('h1').first().innerText().catch(() => '');
    throw new Error(
      `${what}: ${result.method} answered ${result.status}, not 303` +
        (errors.length ? ` (field errors: ${errors.join(' | ')})` : heading ? ` (page: "${heading.trim()}")` : ''),
    );
  }
  if (!re.test(result.path)) throw new Error(`${what}: redirected to ${result.path}, expected ${re}`);
  if (result.finalStatus !== 200) throw new Error(`${what}: ${result.path} answered ${result.finalStatus}`);
}

async function goto(p, path) {
  const response = await p.goto(site + path, { waitUntil: 'load' });
  return response ? response.status() : 0;
}
const bodyText = (p) => p.locator('body').innerText();
const linkCount = (p, name) => p.getByRole('link', { name, exact: true }).count();
// The text of the <dd> after the <dt> named `term` (the facts list).
const fact = (p, term) =>
  p.locator('dt', { hasText: term }).first().locator('xpath=following-sibling::dd[1]').innerText();
// The hrefs of the links in the board row of `component`.
async function rowLinks(p, component) {
  const links = p.getByRole('listitem').filter({ hasText: component }).getByRole('link');
  const hrefs = [];
  for (let i = 0; i < (await links.count()); i++) hrefs.push(await links.nth(i).getAttribute('href'));
  return hrefs;
}
// A feed fetched with the operator's cookies (never cached) or, after
// sign-out, anonymously past the microcache.
async function feed(path) {
  const response = await context.request.get(site + nocache(path));
  if (response.status() !== 200) throw new Error(`${path} answered ${response.status()}`);
  return response.text();
}
const rss = () => feed(`/rss/?mt=${region}`);

// Checks shared by the steps: what the board, the event's page, the history
// and the RSS feed show. `expect` lists what must (or must not) be there.
async function checkViews(check, prefix, expect) {
  const { id, title } = expect;
  // The board.
  const status = await goto(viewer, `/?region=${region}`);
  check(status === 200, `board answered ${status}`);
  await screenshot(viewer, `${prefix}-board.png`).catch(() => {});
  const board = await bodyText(viewer);
  if (expect.onBoard !== undefined) {
    const n = await linkCount(viewer, title);
    check(expect.onBoard ? n > 0 : n === 0, `board ${expect.onBoard ? 'does not list' : 'still lists'} "${title}"`);
  }
  for (const text of expect.boardText || []) check(board.includes(text), `board does not show "${text}"`);
  for (const [component, target] of Object.entries(expect.rows || {})) {
    const hrefs = await rowLinks(viewer, component);
    if (target === null) {
      check(!hrefs.some((h) => /^\/incidents\/\d+$/.test(h || '')) , `board row ${component} still links ${hrefs.join(', ')}`);
    } else {
      check(hrefs.includes(`/incidents/${target}`), `board row ${component} links [${hrefs.join(', ')}], not /incidents/${target}`);
    }
  }
  // The event's own page.
  if (id) {
    const s = await goto(viewer, `/incidents/${id}`);
    check(s === 200, `/incidents/${id} answered ${s}`);
    const text = await bodyText(viewer);
    check(text.includes(title), `/incidents/${id} does not show its title "${title}"`);
    for (const t of expect.pageText || []) check(text.includes(t), `/incidents/${id} does not show "${t}"`);
    if (expect.services) {
      const services = await fact(viewer, 'Affected services').catch(() => '');
      for (const [component, present] of Object.entries(expect.services)) {
        check(services.includes(component) === present,
          `/incidents/${id} affected services "${services}" ${present ? 'lack' : 'still include'} ${component}`);
      }
    }
  }
  // The history lists closed events only.
  if (expect.inHistory !== undefined) {
    const s = await goto(viewer, '/history');
    check(s === 200, `/history answered ${s}`);
    const n = await linkCount(viewer, title);
    check(expect.inHistory ? n > 0 : n === 0, `/history ${expect.inHistory ? 'does not list' : 'lists'} "${title}"`);
  }
  // The RSS feed of the region: every event, newest first, with its updates.
  if (expect.inFeed) {
    const xml = await rss();
    check(xml.includes(`<title>${title}</title>`), `RSS feed of ${region} has no item "${title}"`);
    for (const t of expect.feedText || []) check(xml.includes(t), `RSS feed of ${region} does not show "${t}"`);
  }
}

// --------------------------------------------------------------- the forms
// Fills the open-incident form (GET /incidents) already loaded in `p`.
async function fillOpenForm(p, v) {
  const form = p.locator('form[method="post"][action="/incidents"]');
  await form.locator('[name="title"]').fill(v.title);
  await form.locator('select[name="impact"]').selectOption(v.impact);
  for (const component of v.components) await form.getByRole('checkbox', { name: component }).check();
  await form.locator('select[name="timezone"]').selectOption('UTC');
  await form.locator('[name="start"]').fill(v.start);
  if (v.end !== undefined) await form.locator('[name="end"]').fill(v.end);
  if (v.description !== undefined) await form.locator('[name="description"]').fill(v.description);
  return form;
}

// Opens GET /incidents from the header's "Open incident" link.
async function openForm(p) {
  await goto(p, `/?region=${region}`);
  const result = await submit(p, p.getByRole('link', { name: 'Open incident' }));
  if (result.status !== 200) throw new Error(`GET /incidents answered ${result.status}`);
  if ((await p.locator('form[method="post"][action="/incidents"]').count()) !== 1) {
    throw new Error('GET /incidents has no <form action="/incidents">');
  }
}

// The update form's default time is the minute it was rendered in, which
// the program reads as "now" only while that minute lasts; rendered at
// hh:mm:59 and posted a second later it means hh:mm:00 and may fall before
// an update made earlier in that minute. An operator would see a date
// error and press again; the test waits for the next minute instead.
async function clearOfMinuteEnd() {
  const seconds = new Date().getUTCSeconds();
  if (seconds >= 55) await new Promise((resolve) => setTimeout(resolve, (60 - seconds) * 1000 + 200));
}

// Posts an update from the update form on /incidents/<id>; without v.date
// the update time stays at the form's default (now).
async function postUpdate(p, id, v) {
  if (v.date === undefined && v.load !== false) await clearOfMinuteEnd();
  if (v.load !== false) await goto(p, `/incidents/${id}`);
  const form = p.locator(`form[action="/incidents/${id}/updates"]`);
  if ((await form.count()) !== 1) throw new Error(`/incidents/${id} has no <form action="/incidents/${id}/updates">`);
  await form.locator('[name="message"]').fill(v.message);
  await form.locator('select[name="status"]').selectOption(v.status);
  if (v.date !== undefined) {
    await form.locator('select[name="timezone"]').selectOption('UTC');
    await form.locator('[name="date"]').fill(v.date);
  }
  return submit(p, form.getByRole('button', { name: 'Post update' }));
}

// ---------------------------------------------------------------- the flow
const ids = {};
const SIGN_IN = 'sign in as alice at the OpenID provider';
const OPEN = 'open an incident for Component11 and Component12';
const ANALYZING = 'post update: analyzing';
const FIXING = 'post update: fixing';
const SEPARATE = 'separate Component12 into its own incident';
const RESOLVED = 'post update: resolved';
const STALE = 'a stale update form is refused';
const BAD_MAINTENANCE = 'a maintenance ending before its start is refused (422)';
const RUNNING = 'schedule a maintenance that has started';
const PLANNED = 'schedule a maintenance in the future';
const COMPLETED = 'complete the running maintenance';
const CSRF = 'a POST without the CSRF token is refused (403)';
const SIGN_OUT = 'sign out';

async function main() {
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
  } catch (e) {
    console.log(`FAIL start headless Chromium (${chromiumPath}): ${oneLine(e)}`);
    return 1;
  }
  context = await browser.newContext({
    javaScriptEnabled: false,
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  page = await context.newPage();
  viewer = await context.newPage();

  // a. Sign in through the provider's own login and consent forms.
  await step(SIGN_IN, [], async () => {
    await goto(page, `/login/openid?next=${encodeURIComponent(`/?region=${region}`)}`);
    for (let i = 0; i < 4 && page.url().startsWith(providerUrl); i++) {
      if (await page.locator('input[name="login"]').count()) {
        await page.locator('input[name="login"]').fill('alice');
        await page.locator('input[name="password"]').fill('any password');
        await submit(page, page.getByRole('button', { name: 'Sign-in' }));
      } else {
        await submit(page, page.getByRole('button', { name: 'Continue' }));
      }
    }
    if (!page.url().startsWith(`${site}/`)) throw new Error(`ended at ${page.url()}, not back on the site`);
    if (!(await context.cookies(site)).some((c) => c.name === 'sdb_session')) throw new Error('no sdb_session cookie');
  }, async (check) => {
    check(new URL(page.url()).pathname === '/', `back at ${page.url()}, not at /`);
    check(await page.getByText('Signed in as Alice Operator').isVisible(), 'header lacks "Signed in as Alice Operator"');
    check(await page.getByRole('link', { name: 'Open incident' }).isVisible(), 'header lacks the "Open incident" link');
    check(await page.getByRole('button', { name: 'Sign out' }).isVisible(), 'header lacks the "Sign out" button');
  });

  // CSRF: the request API sends the browser's session cookie and a
  // same-site Origin, but no (or a wrong) csrf_token; nothing may be written.
  await step(CSRF, [SIGN_IN], async () => {
    await goto(page, `/?region=${region}`);
    const form = {
      title: T.refused, impact: 'minor', timezone: 'UTC', start: localUtc(minutesFromNow(-5)),
    };
    for (const token of [undefined, 'not-the-token']) {
      const data = token === undefined ? form : { ...form, csrf_token: token };
      const r = await context.request.post(`${site}/incidents`, {
        form: data, headers: { Origin: site, Referer: `${site}/incidents` }, maxRedirects: 0,
      });
      if (r.status() !== 403) {
        throw new Error(`POST /incidents ${token ? 'with a wrong' : 'without a'} csrf_token answered ${r.status()}, not 403`);
      }
    }
    // The control: the same request with the page's own token gets past the
    // check to the validation (a 7-character title: 422, nothing written).
    const token = await page.locator('form.sign-out input[name="csrf_token"]').getAttribute('value');
    const r = await context.request.post(`${site}/incidents`, {
      form: { ...form, title: 'Too few', csrf_token: token },
      headers: { Origin: site, Referer: `${site}/incidents` }, maxRedirects: 0,
    });
    if (r.status() !== 422) throw new Error(`the control POST with the session's csrf_token answered ${r.status()}, not 422`);
  }, async (check, prefix) => {
    await checkViews(check, prefix, { title: T.refused, onBoard: false, inHistory: false });
    check(!(await rss()).includes(T.refused), 'the refused incident is in the RSS feed');
  });

  // b. Open an incident for two components.
  await step(OPEN, [SIGN_IN], async () => {
    await openForm(page);
    const form = await fillOpenForm(page, {
      title: T.incident, impact: 'minor', components: ['Component11', 'Component12'],
      start: localUtc(minutesFromNow(-60)),
    });
    const result = await submit(page, form.getByRole('button', { name: 'Open incident' }));
    await expectRedirect(page, result, /^\/$/, 'POST /incidents (incident)');
    const href = await page.getByRole('link', { name: T.incident, exact: true }).first().getAttribute('href')
      .catch(() => null);
    let match = /^\/incidents\/(\d+)$/.exec(href || '');
    if (!match) {
      // The board's default region may be another one.
      await goto(page, `/?region=${region}`);
      match = /^\/incidents\/(\d+)$/.exec(
        (await page.getByRole('link', { name: T.incident, exact: true }).first().getAttribute('href')) || '');
    }
    if (!match) throw new Error('the board does not link the new incident');
    ids.incident = match[1];
  }, async (check, prefix) => {
    await checkViews(check, prefix, {
      id: ids.incident, title: T.incident, onBoard: true, inHistory: false, inFeed: true,
      rows: { Component11: ids.incident, Component12: ids.incident },
      pageText: ['This incident is ongoing.', 'Minor'],
      services: { Component11: true, Component12: true },
    });
    await goto(viewer, `/incidents/${ids.incident}`);
    check(await viewer.locator(`form[action="/incidents/${ids.incident}/updates"]`).count() === 1,
      'the incident page has no update form for the operator');
    check(await viewer.getByRole('button', { name: 'Separate Component12' }).count() === 1,
      'the incident page has no "Separate Component12" button');
  });

  await step(ANALYZING, [OPEN], async () => {
    const result = await postUpdate(page, ids.incident, {
      status: 'analyzing', message: M.analyzing, date: localUtc(minutesFromNow(-40)),
    });
    await expectRedirect(page, result, new RegExp(`^/incidents/${ids.incident}$`), 'POST updates (analyzing)');
  }, async (check, prefix) => {
    await checkViews(check, prefix, {
      id: ids.incident, title: T.incident, onBoard: true, inHistory: false, inFeed: true,
      boardText: [M.analyzing], pageText: ['Analyzing', M.analyzing, 'Alice Operator'],
      feedText: [M.analyzing],
    });
  });

  await step(FIXING, [ANALYZING], async () => {
    const result = await postUpdate(page, ids.incident, {
      status: 'fixing', message: M.fixing, date: localUtc(minutesFromNow(-30)),
    });
    await expectRedirect(page, result, new RegExp(`^/incidents/${ids.incident}$`), 'POST updates (fixing)');
  }, async (check, prefix) => {
    await checkViews(check, prefix, {
      id: ids.incident, title: T.incident, onBoard: true, inHistory: false, inFeed: true,
      boardText: [M.fixing], pageText: ['Fixing', M.fixing, M.analyzing], feedText: [M.fixing, M.analyzing],
    });
  });

  await step(SEPARATE, [OPEN], async () => {
    await goto(page, `/incidents/${ids.incident}`);
    const result = await submit(page, page.getByRole('button', { name: 'Separate Component12' }));
    await expectRedirect(page, result, /^\/incidents\/\d+$/, 'POST separate');
    ids.separated = /^\/incidents\/(\d+)$/.exec(result.path)[1];
    if (ids.separated === ids.incident) throw new Error('redirected back to the same incident');
  }, async (check, prefix) => {
    const title = `${T.incident} (Component12)`;
    check(await page.getByRole('heading', { level: 1, name: title }).count() === 1,
      `the new incident's heading is not "${title}"`);
    await checkViews(check, prefix, {
      id: ids.separated, title, onBoard: true, inHistory: false, inFeed: true,
      rows: { Component11: ids.incident, Component12: ids.separated },
      pageText: ['This incident is ongoing.', 'Minor'],
      services: { Component12: true, Component11: false },
    });
    await checkViews(check, prefix, {
      id: ids.incident, title: T.incident, onBoard: true,
      services: { Component11: true, Component12: false },
    });
    // Cross-linked updates on both sides.
    check(await viewer.locator(`a[href="/incidents/${ids.separated}"]`).count() > 0,
      `/incidents/${ids.incident} does not link the separated incident`);
    await goto(viewer, `/incidents/${ids.separated}`);
    check(await viewer.locator(`a[href="/incidents/${ids.incident}"]`).count() > 0,
      `/incidents/${ids.separated} does not link the incident it came from`);
  });

  // A stale form: the separated incident's page is open in two tabs; the
  // second tab posts first, then the first tab's form (older version) must
  // be refused and nothing written.
  await step(STALE, [SEPARATE], async () => {
    await goto(page, `/incidents/${ids.separated}`);
    const other = await context.newPage();
    try {
      const first = await postUpdate(other, ids.separated, { status: 'observing', message: M.observing });
      await expectRedirect(other, first, new RegExp(`^/incidents/${ids.separated}$`), 'POST updates (observing)');
    } finally {
      await other.close();
    }
    const stale = await postUpdate(page, ids.separated, { status: 'fixing', message: M.stale, load: false });
    if (stale.status === 303) throw new Error('the stale form was applied (303)');
    if (stale.status < 400 || stale.status >= 500) throw new Error(`the stale form answered ${stale.status}`);
  }, async (check, prefix) => {
    check(await page.locator('.field-error, [role="alert"], .notice').count() > 0,
      'the refusal of the stale form is not explained next to the form');
    await checkViews(check, prefix, {
      id: ids.separated, title: `${T.incident} (Component12)`, pageText: [M.observing],
    });
    check(!(await bodyText(viewer)).includes(M.stale), 'the stale update was written');
  });

  await step(RESOLVED, [OPEN], async () => {
    // The update time stays at the form's default: now.
    const result = await postUpdate(page, ids.incident, { status: 'resolved', message: M.resolved });
    await expectRedirect(page, result, new RegExp(`^/incidents/${ids.incident}$`), 'POST updates (resolved)');
  }, async (check, prefix) => {
    await checkViews(check, prefix, {
      id: ids.incident, title: T.incident, onBoard: false, inHistory: true, inFeed: true,
      rows: { Component11: null },
      pageText: ['This incident has been resolved.', 'Resolved', M.resolved], feedText: [M.resolved],
    });
    if (done.has(SEPARATE)) {
      // The separated incident is still open.
      await goto(viewer, `/?region=${region}`);
      check(await linkCount(viewer, `${T.incident} (Component12)`) > 0,
        'the separated incident left the board when the other was resolved');
    }
  });

  // Invalid input: re-rendered with the input kept and an error at "end".
  await step(BAD_MAINTENANCE, [SIGN_IN], async () => {
    await openForm(page);
    const form = await fillOpenForm(page, {
      title: T.running, impact: 'maintenance', components: ['Component21'],
      start: localUtc(minutesFromNow(-30)), end: localUtc(minutesFromNow(-60)),
      description: M.runningDescription,
    });
    const result = await submit(page, form.getByRole('button', { name: 'Open incident' }));
    if (result.status !== 422) throw new Error(`POST /incidents answered ${result.status}, not 422`);
  }, async (check, prefix) => {
    const form = page.locator('form[method="post"][action="/incidents"]');
    check(await form.count() === 1, 'the form is not shown again');
    const error = page.locator('#error-end');
    check(await error.count() === 1 && (await error.getAttribute('class') || '').includes('field-error'),
      `no <p class="field-error" id="error-end"> (errors: ${(await fieldErrors(page)).join(' | ') || 'none'})`);
    check(await form.locator('[name="title"]').inputValue().catch(() => '') === T.running, 'the title was not kept');
    check(await form.locator('select[name="impact"]').inputValue().catch(() => '') === 'maintenance', 'the impact was not kept');
    check(await form.getByRole('checkbox', { name: 'Component21' }).isChecked().catch(() => false), 'the component was not kept');
    check(await form.locator('[name="description"]').inputValue().catch(() => '') === M.runningDescription,
      'the description was not kept');
    await checkViews(check, prefix, { title: T.running, onBoard: false, inHistory: false });
  });

  await step(RUNNING, [SIGN_IN], async () => {
    await openForm(page);
    const form = await fillOpenForm(page, {
      title: T.running, impact: 'maintenance', components: ['Component21'],
      start: localUtc(minutesFromNow(-30)), end: localUtc(minutesFromNow(90)),
      description: M.runningDescription,
    });
    const result = await submit(page, form.getByRole('button', { name: 'Open incident' }));
    await expectRedirect(page, result, /^\/incidents\/\d+$/, 'POST /incidents (maintenance)');
    ids.running = /^\/incidents\/(\d+)$/.exec(result.path)[1];
  }, async (check, prefix) => {
    await checkViews(check, prefix, {
      id: ids.running, title: T.running, onBoard: true, inHistory: false, inFeed: true,
      rows: { Component21: ids.running },
      boardText: ['(in progress)', M.runningDescription],
      pageText: ['This maintenance is in progress.', M.runningDescription],
      services: { Component21: true },
    });
    const ics = await feed(`/maintenance.ics?mt=${region}`);
    check(ics.includes(`UID:maintenance-${ids.running}@`), 'the maintenance calendar lacks the running maintenance');
  });

  await step(PLANNED, [SIGN_IN], async () => {
    await openForm(page);
    const form = await fillOpenForm(page, {
      title: T.planned, impact: 'maintenance', components: ['Component22'],
      start: localUtc(minutesFromNow(24 * 60)), end: localUtc(minutesFromNow(26 * 60)),
      description: M.plannedDescription,
    });
    const result = await submit(page, form.getByRole('button', { name: 'Open incident' }));
    await expectRedirect(page, result, /^\/incidents\/\d+$/, 'POST /incidents (planned maintenance)');
    ids.planned = /^\/incidents\/(\d+)$/.exec(result.path)[1];
  }, async (check, prefix) => {
    await checkViews(check, prefix, {
      id: ids.planned, title: T.planned, onBoard: true, inHistory: false, inFeed: true,
      boardText: ['Planned maintenance'],
      pageText: ['This maintenance is planned.', 'Planned start', M.plannedDescription],
      services: { Component22: true },
    });
    await goto(viewer, `/?region=${region}`);
    const hrefs = await rowLinks(viewer, 'Component22');
    check(hrefs.includes(`/incidents/${ids.planned}`), `board row Component22 has no planned-maintenance link (${hrefs.join(', ')})`);
    const ics = await feed(`/maintenance.ics?mt=${region}`);
    check(ics.includes(`UID:maintenance-${ids.planned}@`), 'the maintenance calendar lacks the planned maintenance');
  });

  await step(COMPLETED, [RUNNING], async () => {
    const result = await postUpdate(page, ids.running, { status: 'completed', message: M.completed });
    await expectRedirect(page, result, new RegExp(`^/incidents/${ids.running}$`), 'POST updates (completed)');
  }, async (check, prefix) => {
    await checkViews(check, prefix, {
      id: ids.running, title: T.running, onBoard: false, inHistory: true, inFeed: true,
      rows: { Component21: null },
      pageText: ['This maintenance has been completed.', 'Completed', M.completed], feedText: [M.completed],
    });
  });

  // c. Sign out; then everything as an anonymous visitor, past the microcache.
  await step(SIGN_OUT, [SIGN_IN], async () => {
    await goto(page, `/?region=${region}`);
    const result = await submit(page, page.getByRole('button', { name: 'Sign out' }));
    await expectRedirect(page, result, /^\/$/, 'POST /logout');
  }, async (check, prefix) => {
    check(!(await context.cookies(site)).some((c) => c.name === 'sdb_session' && c.value),
      'the sdb_session cookie is still set');
    check(await page.getByText('Signed in as').count() === 0, 'the header still says "Signed in as"');
    check(await page.getByRole('button', { name: 'Sign out' }).count() === 0, 'the header still has "Sign out"');
    check(await page.getByRole('link', { name: 'Operator sign-in' }).count() > 0, 'no "Operator sign-in" link');
    const status = await goto(viewer, '/incidents');
    await screenshot(viewer, `${prefix}-incidents-401.png`).catch(() => {});
    check(status === 401, `anonymous GET /incidents answered ${status}, not 401`);
    check(await viewer.locator('a[href^="/login/openid"]').count() > 0, 'the 401 page does not link the sign-in');
    // The visitor's view of the whole story.
    // (Only what the earlier steps did: their own failures are reported.)
    const closed = [];
    if (done.has(RESOLVED)) closed.push(T.incident);
    if (done.has(COMPLETED)) closed.push(T.running);
    await goto(viewer, nocache(`/?region=${region}`));
    await screenshot(viewer, `${prefix}-board.png`).catch(() => {});
    for (const title of closed) check(await linkCount(viewer, title) === 0, `the anonymous board lists "${title}"`);
    if (ids.separated) {
      check(await linkCount(viewer, `${T.incident} (Component12)`) > 0, 'the anonymous board lacks the separated incident');
    }
    if (ids.planned) check(await linkCount(viewer, T.planned) > 0, 'the anonymous board lacks the planned maintenance');
    await goto(viewer, nocache('/history'));
    for (const title of closed) check(await linkCount(viewer, title) > 0, `the anonymous history lacks "${title}"`);
    const xml = await rss();
    const opened = [[ids.incident, T.incident], [ids.running, T.running], [ids.planned, T.planned]];
    for (const [id, title] of opened) {
      if (id) check(xml.includes(`<title>${title}</title>`), `the anonymous RSS feed lacks "${title}"`);
    }
    check(!xml.includes(T.refused), 'the anonymous RSS feed shows the CSRF-refused incident');
    if (done.has(RESOLVED)) {
      await goto(viewer, nocache(`/incidents/${ids.incident}`));
      check((await bodyText(viewer)).includes(M.resolved), 'the anonymous incident page lacks the resolved update');
      check(await viewer.locator('form[action$="/updates"]').count() === 0, 'visitors see the update form');
    }
  });

  await context.close();
  await browser.close();
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    console.log(`FAIL the operator flow ran to its end: ${oneLine(e)}`);
    if (browser) await browser.close().catch(() => {});
    process.exit(1);
  },
);
