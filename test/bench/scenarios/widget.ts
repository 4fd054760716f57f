import { existsSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { BUDGET, DIST, measureSizes } from '../../../widget/scripts/sizes.mjs';
import { launchBrowser } from '../../e2e/lib/browser.js';
import { benchDatabase } from '../lib/database.js';
import type { BenchEnv } from '../lib/env.js';
import { fmtMs, type Row, type ScenarioResult } from '../lib/report.js';
import { startBenchServer } from '../lib/server.js';
import { percentile, round } from '../lib/stats.js';

const RUNS = 5;
/**
 * A new context opens a new window, and Chromium builds that window's own WebUI (the
 * omnibox popup, a Lit app in a renderer of its own) when it opens: in a trace of one load
 * that renderer's tasks took ~0.8 s (traced task time) during the 0.5 s being timed, on a
 * 2-core host. A shopper's window has long been open when they visit the storefront, so
 * each load waits this long in its new window before navigating. The HTTP cache and
 * cookies are still empty.
 */
const WINDOW_SETTLE_MS = 1_000;
const GOAL_LOGIN_SCREEN_MS = 300;
const BRAND_A_PORTAL = 'de300000-0000-4000-8000-00000000000a';
const DEMO_LOGIN = { email: 'ava.thompson@example.com', password: 'portico-demo-pass' };

/**
 * Runs in every frame before its scripts: on each animation frame, looks through the shadow
 * roots for the login form and the overview, and records (in epoch ms, comparable across
 * frames) the frame after the one where each first appeared, i.e. once it has been painted.
 * It searches only below a `<portico-portal>` that has rendered (one querySelector per frame
 * until then): walking every element of both documents on every frame was ~15 ms of sampled
 * main-thread time in a CPU profile of one load, time the page under test shares.
 *
 * A signed-out portal page ships its login prerendered (decision 0012): the form is there,
 * and painted, before any script. `interactive` is the frame after the live elements took
 * over: `<portico-portal>` and the `<portico-login>` in it have upgraded and rendered
 * (`hasUpdated`, which only a live Lit element has), so the form's handlers are attached.
 */
const WATCHER = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const find = (root, tag) => {
    const hit = root.querySelector(tag);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        const inner = find(el.shadowRoot, tag);
        if (inner) return inner;
      }
    }
    return null;
  };
  const ready = (tag, inner, live) => {
    const portal = document.querySelector('portico-portal');
    if (live && !(portal && portal.hasUpdated)) return false;
    const el = portal && portal.shadowRoot && find(portal.shadowRoot, tag);
    if (live && !(el && el.hasUpdated)) return false;
    return Boolean(el && el.shadowRoot && el.shadowRoot.querySelector(inner));
  };
  window.__bench = {};
  addEventListener('click', () => { window.__bench.click ??= now(); }, true);
  const tick = () => {
    const b = window.__bench;
    if (!b.loginSeen && ready('portico-login', 'form')) {
      b.loginSeen = true;
      requestAnimationFrame(() => { b.login = now(); });
    }
    if (!b.interactiveSeen && ready('portico-login', 'form', true)) {
      b.interactiveSeen = true;
      requestAnimationFrame(() => { b.interactive = now(); });
    }
    if (!b.overviewSeen && ready('portico-overview', '*')) {
      b.overviewSeen = true;
      requestAnimationFrame(() => { b.overview = now(); });
    }
    if (!(b.login && b.overview)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** What WATCHER leaves in the page as `window.__bench`. */
type Marks = { click?: number; login?: number; interactive?: number; overview?: number };
type InPage = { __bench: Marks };

async function portalFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().includes(`/p/${BRAND_A_PORTAL}`));
    if (frame) return frame;
    await page.waitForTimeout(20);
  }
  throw new Error('the portal iframe did not appear');
}

/**
 * Where the storefront and the portal live. The storefront is always www.brand-a.localhost;
 * the Brand A page is asked (`?portal_host=`) to load embed.js, and so the portal, from:
 * - same site: portal-a.brand-a.localhost, the recommended deployment (portal.brand.com
 *   framed by www.brand.com). Chromium keeps the frame in the storefront's renderer process.
 * - cross-site: portal-a.demo.localhost, the demo tracking domain on a site of its own. Site
 *   isolation puts the frame in a second renderer process, started for it. Only the login
 *   paint is timed: the session cookie is SameSite=Lax (decision 0008), so a cross-site frame
 *   cannot keep a session and logging in there does not reach the overview.
 */
const STOREFRONT_HOST = 'www.brand-a.localhost';
interface Arrangement {
  key: 'same_site' | 'cross_site';
  label: string;
  portalHost: string;
  goal: boolean;
  logIn: boolean;
}
const ARRANGEMENTS: readonly Arrangement[] = [
  {
    key: 'same_site',
    label: 'same site',
    portalHost: 'portal-a.brand-a.localhost',
    goal: true,
    logIn: true,
  },
  {
    key: 'cross_site',
    label: 'cross-site (own process)',
    portalHost: 'portal-a.demo.localhost',
    goal: false,
    logIn: false,
  },
];
interface Timings {
  toLogin: number[];
  toInteractive: number[];
  toOverview: number[];
}
const EMPTY = (): Timings => ({ toLogin: [], toInteractive: [], toOverview: [] });

/** One cold load (new context: empty HTTP cache, no cookies), then a log-in. */
async function timeOneLoad(
  browser: Browser,
  url: string,
  logIn: boolean,
): Promise<{ toLogin: number; toInteractive: number; toOverview: number | undefined }> {
  const context = await browser.newContext();
  try {
    await context.addInitScript(WATCHER);
    const page = await context.newPage();
    await page.waitForTimeout(WINDOW_SETTLE_MS);
    await page.goto(url);
    const frame = await portalFrame(page);
    // Both marks: the shopper's input below goes to the live form (an input made on the
    // prerendered one carries over, but a test should not lean on that).
    await frame.waitForFunction(
      () => {
        const b = (globalThis as unknown as InPage).__bench;
        return b.login !== undefined && b.interactive !== undefined;
      },
      null,
      { timeout: 10_000 },
    );
    const embedStart = await page.evaluate(() => {
      const entry = performance
        .getEntriesByType('resource')
        .find((e) => new URL(e.name).pathname === '/embed.js');
      return entry ? performance.timeOrigin + entry.startTime : Number.NaN;
    });
    const marks = await frame.evaluate(() => (globalThis as unknown as InPage).__bench);
    const toLogin = (marks.login as number) - embedStart;
    const toInteractive = (marks.interactive as number) - embedStart;
    if (!logIn) return { toLogin, toInteractive, toOverview: undefined };
    await frame.locator('portico-login input[name=email]').fill(DEMO_LOGIN.email);
    await frame.locator('portico-login input[name=password]').fill(DEMO_LOGIN.password);
    await frame.locator('portico-login button[type=submit]').click();
    await frame.waitForFunction(
      () => (globalThis as unknown as InPage).__bench.overview !== undefined,
      null,
      { timeout: 10_000 },
    );
    const t = await frame.evaluate(() => (globalThis as unknown as InPage).__bench); // functions, not strings: the page's CSP forbids eval
    return { toLogin, toInteractive, toOverview: (t.overview as number) - (t.click as number) };
  } finally {
    await context.close();
  }
}

/** Gzipped bundle sizes, and embed.js → login screen → overview in headless Chromium. */
export async function widget(env: BenchEnv): Promise<ScenarioResult> {
  if (!existsSync(`${DIST}embed.js`)) {
    throw new Error('widget/dist is missing: run pnpm --filter @portico/widget build first');
  }
  const rows: Row[] = [];
  const sizes = measureSizes();
  const bundles: Record<string, number> = {};
  for (const s of sizes) {
    bundles[s.file] = s.gzip;
    rows.push({ scenario: 'widget', metric: `${s.file} gzipped`, figure: `${s.gzip} B` });
  }
  const widgetJs = sizes.filter((s) => s.file !== 'embed.js').reduce((n, s) => n + s.gzip, 0);
  rows.push({
    scenario: 'widget',
    metric: 'all widget JS gzipped',
    figure: `${widgetJs} B`,
    goal: `≤ ${BUDGET.widgetJs} B`,
    pass: widgetJs <= BUDGET.widgetJs,
  });

  // Its own database with the demo merchant, served like `pnpm start` serves it, with the
  // storefront and portal hosts below as dev hosts (*.localhost is loopback in Chromium).
  const db = await benchDatabase(env.databaseUrl);
  env.onClose(() => db.close());
  const server = await startBenchServer(db.url, {
    SEED_DEMO: 'true',
    DEV_HOSTS: [
      '127.0.0.1',
      'localhost',
      STOREFRONT_HOST,
      ...ARRANGEMENTS.map((a) => a.portalHost),
    ].join(','),
  });
  env.onClose(() => server.stop());
  const browser = await launchBrowser();
  env.onClose(() => browser.close());
  const port = new URL(server.origin).port;
  const timed: Record<Arrangement['key'], Timings> = { same_site: EMPTY(), cross_site: EMPTY() };
  // Alternating, so both arrangements see the same moments of a shared machine.
  for (let run = 0; run < RUNS; run++) {
    for (const a of ARRANGEMENTS) {
      const url = `http://${STOREFRONT_HOST}:${port}/examples/brand-a/?portal_host=${a.portalHost}`;
      const t = await timeOneLoad(browser, url, a.logIn);
      timed[a.key].toLogin.push(t.toLogin);
      timed[a.key].toInteractive.push(t.toInteractive);
      if (t.toOverview !== undefined) timed[a.key].toOverview.push(t.toOverview);
    }
  }
  for (const a of ARRANGEMENTS) {
    const { toLogin, toInteractive, toOverview } = timed[a.key];
    const loginP50 = percentile(toLogin, 50);
    rows.push({
      scenario: 'widget',
      metric: `embed.js load → login screen painted, ${a.label}, median of ${RUNS} (max)`,
      figure: `${fmtMs(loginP50)} (${fmtMs(Math.max(...toLogin))})`,
      ...(a.goal
        ? { goal: `≤ ${GOAL_LOGIN_SCREEN_MS} ms`, pass: loginP50 <= GOAL_LOGIN_SCREEN_MS }
        : {}),
    });
    rows.push({
      scenario: 'widget',
      metric: `embed.js load → login screen interactive, ${a.label}, median of ${RUNS} (max)`,
      figure: `${fmtMs(percentile(toInteractive, 50))} (${fmtMs(Math.max(...toInteractive))})`,
    });
    if (a.logIn) {
      rows.push({
        scenario: 'widget',
        metric: `log-in click → overview painted, ${a.label}, median of ${RUNS} (max)`,
        figure: `${fmtMs(percentile(toOverview, 50))} (${fmtMs(Math.max(...toOverview))})`,
      });
    }
  }
  const same = timed.same_site;
  const cross = timed.cross_site;
  return {
    rows,
    figures: {
      gzip_bytes: bundles,
      widget_js_gzip_bytes: widgetJs,
      runs: RUNS,
      // Same site (the recommended deployment), as the goal is judged.
      embed_to_login_ms: same.toLogin.map((n) => round(n)),
      login_to_overview_ms: same.toOverview.map((n) => round(n)),
      embed_to_login_p50_ms: round(percentile(same.toLogin, 50)),
      embed_to_interactive_ms: same.toInteractive.map((n) => round(n)),
      embed_to_interactive_p50_ms: round(percentile(same.toInteractive, 50)),
      login_to_overview_p50_ms: round(percentile(same.toOverview, 50)),
      cross_site: {
        embed_to_login_ms: cross.toLogin.map((n) => round(n)),
        embed_to_login_p50_ms: round(percentile(cross.toLogin, 50)),
        embed_to_interactive_ms: cross.toInteractive.map((n) => round(n)),
        embed_to_interactive_p50_ms: round(percentile(cross.toInteractive, 50)),
      },
      goals: { embed_to_login_ms_max: GOAL_LOGIN_SCREEN_MS, widget_js_gzip_max: BUDGET.widgetJs },
    },
  };
}
