import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../testing/harness.js';
import {
  createShopperTestContext,
  type ShopperTestContext,
} from '../../testing/shopper-harness.js';
import { createTestCa, type TestCa } from '../../testing/tls-server.js';
import { tableResolver } from '../../testing/webhook-receiver.js';
import { createWebhookWorker } from './worker.js';

/**
 * An https receiver: the connection is pinned to the checked address while TLS still
 * verifies the certificate against the URL's hostname (SNI and name check).
 */
describe('webhook delivery over https with a pinned address', () => {
  let t: ShopperTestContext;
  let ca: TestCa;
  let port: number;
  const hits: string[] = [];
  let server: ReturnType<typeof createServer>;

  beforeAll(async () => {
    t = await createShopperTestContext();
    ca = await createTestCa();
    const leaf = await ca.issue(['hooks.brand.test']);
    server = createServer(leaf, (req, res) => {
      hits.push(`${req.headers.host} ${req.url}`);
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  const deliver = async (hostname: string) => {
    await t.handle.db.deleteFrom('webhook_endpoints').execute();
    const ep = await json(
      t.admin('POST', '/webhook-endpoints', { url: `https://${hostname}:${port}/tls` }),
    );
    const s = await t.newShopper();
    await t.addCard(s);
    await createWebhookWorker({
      db: t.handle.db,
      logger: t.deps.logger,
      egress: { allowLoopback: true, resolver: tableResolver({ [hostname]: ['127.0.0.1'] }) },
      tlsCa: [ca.cert],
    }).drainOnce();
    return (await json(t.admin('GET', `/webhook-endpoints/${ep.id}/deliveries`))).data[0];
  };

  it('delivers to the pinned address with the certificate checked for the hostname', async () => {
    expect(await deliver('hooks.brand.test')).toMatchObject({ status_code: 200, succeeded: true });
    expect(hits).toEqual([`hooks.brand.test:${port} /tls`]);
  });

  it('fails when the certificate does not name the URL host, even at the checked address', async () => {
    hits.length = 0;
    const entry = await deliver('other.brand.test');
    expect(entry).toMatchObject({ status_code: null, succeeded: false });
    expect(entry.error).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(hits).toEqual([]);
  });
});
