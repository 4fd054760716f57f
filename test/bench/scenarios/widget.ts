import { existsSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { BUDGET, DIST, measureSizes } from '../../../widget/scripts/sizes.mjs';
import { launchBrowser } from '../../e2e/lib/browser.js';
import { benchDatabase } from '../lib/database.js';
import type { BenchEnv } from '../lib/env.js';
import { fmtMs, type Row, type ScenarioResult } from '../lib/report.js';
import { startBenchServer } from '../lib/server.js';
import { percentile, round } from '../lib/stats.js';

const RUNS = 5;
const GOAL_LOGIN_SCREEN_MS = 300;
const BRAND_A_PORTAL = 'de300000-0000-4000-8000-00000000000a';
const DEMO_LOGIN = { email: 'ava.thompson@example.com', password: 'portico-demo-pass' };

/**
 * Runs in every frame before its scripts: on each animation frame, looks through the shadow
 * roots for the login form and the overview, and records (in epoch ms, comparable across
 * frames) the frame after the one where each first appeared, i.e. once it has been painted.
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
  const ready = (tag, inner) => {
    const el = find(document, tag);
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
    if (!b.overviewSeen && ready('portico-overview', '*')) {
      b.overviewSeen = true;
      requestAnimationFrame(() => { b.overview = now(); });
    }
    if (!(b.login && b.overview)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** What WATCHER leaves in the page as `window.__bench`. */
type Marks = { click?: number; login?: number; overview?: number };
type InPage = { __bench: Marks };

async function portalFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().includes(`/p/${BRAND_A_PORTAL}`));
    if (frame) return frame;
    await page.waitForTimeout(20);
  }
  throw new Error('the portal iframe did not appear');
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

  // Its own database with the demo merchant, served like `pnpm start` serves it.
  const db = await benchDatabase(env.databaseUrl);
  env.onClose(() => db.close());
  const server = await startBenchServer(db.url, { SEED_DEMO: 'true' });
  env.onClose(() => server.stop());
  const browser = await launchBrowser();
  env.onClose(() => browser.close());
  const toLogin: number[] = [];
  const toOverview: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A new context per run: cold HTTP cache, no cookies.
    const context = await browser.newContext();
    await context.addInitScript(WATCHER);
    const page = await context.newPage();
    await page.goto(`${server.origin}/examples/brand-a/`);
    const frame = await portalFrame(page);
    await frame.waitForFunction(
      () => (globalThis as unknown as InPage).__bench.login !== undefined,
      null,
      {
        timeout: 10_000,
      },
    );
    const embedStart = await page.evaluate(() => {
      const entry = performance
        .getEntriesByType('resource')
        .find((e) => new URL(e.name).pathname === '/embed.js');
      return entry ? performance.timeOrigin + entry.startTime : Number.NaN;
    });
    const login = (await frame.evaluate(
      () => (globalThis as unknown as InPage).__bench.login,
    )) as number;
    toLogin.push(login - embedStart);
    await frame.locator('portico-login input[name=email]').fill(DEMO_LOGIN.email);
    await frame.locator('portico-login input[name=password]').fill(DEMO_LOGIN.password);
    await frame.locator('portico-login button[type=submit]').click();
    await frame.waitForFunction(
      () => (globalThis as unknown as InPage).__bench.overview !== undefined,
      null,
      {
        timeout: 10_000,
      },
    );
    const t = await frame.evaluate(() => (globalThis as unknown as InPage).__bench); // functions, not strings: the page's CSP forbids eval
    toOverview.push((t.overview as number) - (t.click as number));
    await context.close();
  }
  const loginP50 = percentile(toLogin, 50);
  rows.push(
    {
      scenario: 'widget',
      metric: `embed.js load → login screen painted, median of ${RUNS} (max)`,
      figure: `${fmtMs(loginP50)} (${fmtMs(Math.max(...toLogin))})`,
      goal: `≤ ${GOAL_LOGIN_SCREEN_MS} ms`,
      pass: loginP50 <= GOAL_LOGIN_SCREEN_MS,
    },
    {
      scenario: 'widget',
      metric: `log-in click → overview painted, median of ${RUNS} (max)`,
      figure: `${fmtMs(percentile(toOverview, 50))} (${fmtMs(Math.max(...toOverview))})`,
    },
  );
  return {
    rows,
    figures: {
      gzip_bytes: bundles,
      widget_js_gzip_bytes: widgetJs,
      runs: RUNS,
      embed_to_login_ms: toLogin.map((n) => round(n)),
      login_to_overview_ms: toOverview.map((n) => round(n)),
      embed_to_login_p50_ms: round(loginP50),
      login_to_overview_p50_ms: round(percentile(toOverview, 50)),
      goals: { embed_to_login_ms_max: GOAL_LOGIN_SCREEN_MS, widget_js_gzip_max: BUDGET.widgetJs },
    },
  };
}
