import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, testConfig } from '../../testing/harness.js';

describe('example storefronts', () => {
  let dev: TestContext;
  let prod: TestContext;

  beforeAll(async () => {
    dev = await createTestContext();
    prod = await createTestContext({
      config: testConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      }),
    });
  });
  afterAll(async () => {
    await dev.close();
    await prod.close();
  });

  it('serves both storefronts in development, embedding the demo portals', async () => {
    const a = await dev.app.request('/examples/brand-a/');
    expect(a.status).toBe(200);
    const htmlA = await a.text();
    expect(htmlA).toContain('src="/embed.js"');
    expect(htmlA).toContain('data-portal="de300000-0000-4000-8000-00000000000a"');
    const htmlB = await (await dev.app.request('/examples/brand-b/')).text();
    expect(htmlB).toContain('data-mode="inline"');
    expect(htmlB).toContain('data-portal="de300000-0000-4000-8000-00000000000b"');
    const bare = await dev.app.request('/examples/brand-a');
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/examples/brand-a/');
  });

  it('loads the portal from another dev host when asked, and only from a dev host', async () => {
    const ctx = await createTestContext({
      config: testConfig({
        DEV_HOSTS: 'localhost,www.brand-a.localhost,portal-a.brand-a.localhost',
      }),
    });
    try {
      const port = ctx.deps.config.port;
      const res = await ctx.app.request(
        'http://www.brand-a.localhost/examples/brand-a/?portal_host=portal-a.brand-a.localhost',
      );
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`src="http://portal-a.brand-a.localhost:${port}/embed.js"`);
      expect(html).not.toContain('src="/embed.js"');
      for (const host of ['evil.example', 'portal-a.brand-a.localhost.evil.example', '']) {
        const refused = await ctx.app.request(
          `/examples/brand-a/?portal_host=${encodeURIComponent(host)}`,
        );
        expect(refused.status, host).toBe(400);
        expect(await refused.text(), host).not.toContain('embed.js');
      }
    } finally {
      await ctx.close();
    }
  });

  it('answers 404 for anything else under /examples/', async () => {
    for (const path of [
      '/examples/brand-c/',
      '/examples/..%2Fpackage.json',
      '/examples/README.md',
    ]) {
      expect((await dev.app.request(path)).status, path).toBe(404);
    }
  });

  it('does not exist in production', async () => {
    for (const path of ['/examples/', '/examples/brand-a/', '/examples/brand-b/']) {
      expect((await prod.app.request(path)).status, path).toBe(404);
    }
  });
});
