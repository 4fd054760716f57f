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
