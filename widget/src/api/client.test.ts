import { expect } from '@open-wc/testing';
import { FakeServer, PORTAL_ID } from '../testing/fake-api.js';
import { PorticoApi } from './client.js';
import { ApiError } from './errors.js';
import { IntentKeys } from './idempotency.js';

describe('PorticoApi', () => {
  it('prefixes the api base and portal id', async () => {
    const urls: string[] = [];
    const api = new PorticoApi({
      apiBase: 'https://portal.brand.test/',
      portalId: PORTAL_ID,
      fetch: async (input) => {
        urls.push(String(input));
        return new Response('{}', { status: 200 });
      },
    });
    await api.account();
    expect(urls, 'url').to.deep.equal([
      `https://portal.brand.test/api/portals/${PORTAL_ID}/account`,
    ]);
  });

  it('GET sends no CSRF or content-type; writes send both', async () => {
    const server = new FakeServer()
      .on('GET /account', { status: 200, body: {} })
      .on('POST /logout', { status: 204 });
    const api = server.api();
    await api.account();
    await api.logout();
    const [get, post] = server.calls;
    expect(get?.headers['x-portico-request'], 'no csrf on GET').to.equal(undefined);
    expect(post?.headers['x-portico-request'], 'csrf').to.equal('1');
    expect(post?.headers['content-type'], 'json').to.equal('application/json');
  });

  it('turns error bodies into ApiError with the code', async () => {
    const server = new FakeServer().on('GET /session', {
      status: 401,
      body: { error: { code: 'session_expired', message: 'x' } },
    });
    try {
      await server.api().session();
      expect.fail('should throw');
    } catch (e) {
      expect(e, 'ApiError').to.be.instanceOf(ApiError);
      expect((e as ApiError).code, 'code').to.equal('session_expired');
      expect((e as ApiError).isSessionEnd, 'session end').to.equal(true);
    }
  });

  it('a non-JSON 502 becomes internal_error', async () => {
    const api = new PorticoApi({
      apiBase: '',
      portalId: 'p',
      fetch: async () => new Response('<html>', { status: 502 }),
    });
    const error = await api.config().catch((e: unknown) => e);
    expect((error as ApiError).code, 'code').to.equal('internal_error');
    expect((error as ApiError).isRetryable, 'retryable').to.equal(true);
  });
});

describe('IntentKeys', () => {
  it('one key per intent until settled', () => {
    const keys = new IntentKeys();
    const a = keys.keyFor('pay:1');
    expect(keys.keyFor('pay:1'), 'reused').to.equal(a);
    expect(keys.keyFor('pay:2'), 'other intent').to.not.equal(a);
    keys.settle('pay:1');
    expect(keys.keyFor('pay:1'), 'fresh after settle').to.not.equal(a);
    expect(a, 'printable, long enough').to.match(/^[\x21-\x7e]{8,255}$/);
  });
});
