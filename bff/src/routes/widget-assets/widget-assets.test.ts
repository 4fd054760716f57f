import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, testConfig } from '../../testing/harness.js';
import { isHashedName } from './content-types.js';

describe('widget assets', () => {
  let t: TestContext;
  let unbuilt: TestContext;

  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'portico-dist-'));
    for (const name of ['embed.js', 'widget.js', 'portal-page.js', 'chunk-Bx4k9zQa.js']) {
      writeFileSync(join(dist, name), `/* ${name} */\n`);
    }
    writeFileSync(join(dist, 'widget.css'), 'p{}\n');
    t = await createTestContext({ config: testConfig({ WIDGET_DIST_DIR: dist }) });
    unbuilt = await createTestContext({
      config: testConfig({ WIDGET_DIST_DIR: join(dist, 'missing') }),
    });
  });
  afterAll(async () => {
    await t.close();
    await unbuilt.close();
  });

  it('serves embed.js with a JavaScript type and a short cache', async () => {
    const res = await t.app.request('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin'), 'public code, any origin').toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await res.text()).toBe('/* embed.js */\n');
  });

  it('caches hashed chunks for a year and entry files briefly', async () => {
    const chunk = await t.app.request('/widget/chunk-Bx4k9zQa.js');
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const entry = await t.app.request('/widget/portal-page.js');
    expect(entry.headers.get('cache-control')).toBe('public, max-age=300');
    const css = await t.app.request('/widget/widget.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('refuses traversal, unknown types and missing files with 404', async () => {
    for (const path of [
      '/widget/..%2Fpackage.json',
      '/widget/%2e%2e%2fembed.js',
      '/widget/.hidden.js',
      '/widget/notes.txt',
      '/widget/nope.js',
    ]) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });

  it('says how to build the widget when it has not been built', async () => {
    const res = await unbuilt.app.request('/embed.js');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('pnpm --filter @portico/widget build');
  });

  it('tells hashed names from plain words', () => {
    expect(isHashedName('index-BxK3d9aZ.js')).toBe(true);
    expect(isHashedName('portal-page.js')).toBe(false);
    expect(isHashedName('portal-settings.js')).toBe(false);
    expect(isHashedName('embed.js')).toBe(false);
  });
});
