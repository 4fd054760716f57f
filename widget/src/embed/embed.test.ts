import { expect } from '@open-wc/testing';
import {
  frameUrl,
  MAX_FRAME_HEIGHT,
  mountFrame,
  mountInline,
  readOptions,
  resizeHeight,
} from './embed-core.js';
import { reportHeight } from './resize-reporter.js';

// Loopback with a closed port: the test never reaches a real host.
const PORTAL = 'http://127.0.0.1:9';

function target(): HTMLElement {
  const div = document.createElement('div');
  div.id = 'portico-portal';
  document.body.append(div);
  return div;
}

function script(attrs: Record<string, string>): HTMLScriptElement {
  const s = document.createElement('script');
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  return s;
}

describe('embed.js', () => {
  afterEach(() => {
    document.getElementById('portico-portal')?.remove();
  });

  it('reads the script tag', () => {
    const t = target();
    const opts = readOptions(script({ src: `${PORTAL}/embed.js`, 'data-portal': 'abc-123' }));
    expect(opts, 'options').to.deep.equal({
      portalId: 'abc-123',
      origin: PORTAL,
      mode: 'iframe',
      target: t,
    });
    expect(
      readOptions(script({ src: `${PORTAL}/embed.js`, 'data-portal': '"><x' })),
      'bad id',
    ).to.equal(null);
    expect(
      readOptions(
        script({ src: `${PORTAL}/embed.js`, 'data-portal': 'abc', 'data-mode': 'inline' }),
      )?.mode,
      'inline',
    ).to.equal('inline');
  });

  it('frames the portal page with allow=payment and no sandbox', () => {
    const t = target();
    const frame = mountFrame({ portalId: 'abc', origin: PORTAL, mode: 'iframe', target: t });
    expect(frame.getAttribute('src'), 'src').to.equal(
      frameUrl({ portalId: 'abc', origin: PORTAL }, location.origin),
    );
    expect(frame.src, 'path').to.contain(`${PORTAL}/p/abc?origin=`);
    expect(frame.getAttribute('allow'), 'allow').to.equal('payment');
    expect(frame.hasAttribute('sandbox'), 'no sandbox').to.equal(false);
    expect(frame.title, 'title').to.not.equal('');
  });

  it('resizes only on messages from the exact origin and the frame window', () => {
    const t = target();
    const frame = mountFrame({ portalId: 'abc', origin: PORTAL, mode: 'iframe', target: t });
    const send = (origin: string, source: Window | null, data: unknown) =>
      window.dispatchEvent(new MessageEvent('message', { origin, source, data }));
    send('https://evil.test', frame.contentWindow, { type: 'portico:resize', height: 900 });
    send(`${PORTAL}.evil.test`, frame.contentWindow, { type: 'portico:resize', height: 901 });
    send(PORTAL, window, { type: 'portico:resize', height: 902 });
    expect(frame.style.height, 'ignored').to.equal('');
    send(PORTAL, frame.contentWindow, { type: 'portico:resize', height: 640.2 });
    expect(frame.style.height, 'resized').to.equal('641px');
  });

  it('validates the height', () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const ev = (height: unknown) =>
      new MessageEvent('message', {
        origin: PORTAL,
        source: frame.contentWindow,
        data: { type: 'portico:resize', height },
      });
    expect(resizeHeight(ev('100'), PORTAL, frame), 'string').to.equal(null);
    expect(resizeHeight(ev(Number.NaN), PORTAL, frame), 'NaN').to.equal(null);
    expect(resizeHeight(ev(-5), PORTAL, frame), 'negative').to.equal(null);
    expect(resizeHeight(ev(1e9), PORTAL, frame), 'capped').to.equal(MAX_FRAME_HEIGHT);
    frame.remove();
  });

  it('inline mode loads the widget from the portal origin and mounts the element', async () => {
    const t = target();
    const loaded: string[] = [];
    const el = await mountInline(
      { portalId: 'abc', origin: PORTAL, mode: 'inline', target: t },
      async (url) => {
        loaded.push(url);
      },
    );
    expect(loaded, 'module').to.deep.equal([`${PORTAL}/widget/widget.js`]);
    expect(el.localName, 'element').to.equal('portico-portal');
    expect(el.getAttribute('api-base'), 'api base').to.equal(PORTAL);
    expect(el.getAttribute('portal-id'), 'portal').to.equal('abc');
  });
});

describe('portal page resize reporter', () => {
  it('posts heights to the exact parent origin only', () => {
    const posted: Array<[unknown, string]> = [];
    const fakeParent = {
      postMessage: (data: unknown, origin: string) => posted.push([data, origin]),
    } as unknown as Window;
    const stop = reportHeight('https://www.brand.test', fakeParent);
    stop();
    expect(posted[0]?.[1], 'exact origin').to.equal('https://www.brand.test');
    expect((posted[0]?.[0] as { type?: string } | undefined)?.type, 'type').to.equal(
      'portico:resize',
    );
    const none: unknown[] = [];
    const stop2 = reportHeight('*', {
      postMessage: (d: unknown) => none.push(d),
    } as unknown as Window);
    stop2();
    expect(none, 'never to *').to.have.length(0);
  });
});
