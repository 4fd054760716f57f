import { SHOPPER_API_PREFIX } from '@portico/shared';
import { createApp } from '../../../bff/src/app.js';
import type { AppDeps } from '../../../bff/src/http/context.js';
import { testConfig } from '../../../bff/src/testing/harness.js';

export interface Route {
  method: string;
  /** The full path pattern, e.g. `/api/portals/:portalId/cards/:id`. */
  path: string;
}

const ADMIN_PREFIX = '/api/admin/v1';

/** The app's endpoints (method + path), middleware (`ALL`) left out, each once. */
export function endpoints(app: { routes: { method: string; path: string }[] }): Route[] {
  const seen = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

/** Shopper endpoints, with the path relative to the portal's API base (`/cards/:id`). */
export function shopperEndpoints(app: Parameters<typeof endpoints>[0]): Route[] {
  const base = `${SHOPPER_API_PREFIX}/:portalId`;
  return endpoints(app)
    .filter((r) => r.path.startsWith(`${base}/`))
    .map((r) => ({ method: r.method, path: r.path.slice(base.length) }));
}

/** Admin endpoints, with the path relative to `/api/admin/v1`. */
export function adminEndpoints(app: Parameters<typeof endpoints>[0]): Route[] {
  return endpoints(app)
    .filter((r) => r.path.startsWith(`${ADMIN_PREFIX}/`))
    .map((r) => ({ method: r.method, path: r.path.slice(ADMIN_PREFIX.length) }));
}

/** The `:name` params of a path pattern. */
export function params(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
}

/** Fills a path pattern's params. */
export function fill(path: string, values: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for :${name} in ${path}`);
    return v;
  });
}

export const key = (r: Route) => `${r.method} ${r.path}`;

/**
 * The route table of an app built with the test config, available when tests are declared
 * (no database is touched: handlers only run on a request).
 */
export function routeTable(): Route[] {
  const app = createApp({ config: testConfig() } as AppDeps);
  return endpoints(app);
}
