import { expect } from '@open-wc/testing';
import {
  frameUrl,
  MAX_FRAME_HEIGHT,
  mountFrame,
  mountInline,
  parsedBefore,
  readOptions,
  readyToMount,
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

  it('mounts before DOMContentLoaded only once the parser has closed the target', () => {
    const t = target();
    const after = script({ src: `${PORTAL}/embed.js`, 'data-portal': 'abc' });
    const before = script({ src: `${PORTAL}/embed.js`, 'data-portal': 'abc' });
    const inside = script({ src: `${PORTAL}/embed.js`, 'data-portal': 'abc' });
    t.after(after);
    t.before(before);
    t.append(inside);
    try {
      expect(parsedBefore(t, after), 'script after the target').to.equal(true);
      expect(parsedBefore(t, before), 'script before the target').to.equal(false);
      expect(parsedBefore(t, inside), 'script inside the target').to.equal(false);
      // While the page is still loading, only the script after its target mounts at once.
      const loading = {
        readyState: 'loading',
        baseURI: document.baseURI,
        querySelector: (selector: string) => document.querySelector(selector),
      } as unknown as Document;
      expect(readyToMount(after, loading), 'after, loading').to.equal(true);
      expect(readyToMount(before, loading), 'before, loading').to.equal(false);
      const elsewhere = script({
        src: `${PORTAL}/embed.js`,
        'data-portal': 'abc',
        'data-target': '#not-there-yet',
      });
      t.after(elsewhere);
      expect(readyToMount(elsewhere, loading), 'target not parsed yet').to.equal(false);
      expect(readyToMount(before, document), 'after DOMContentLoaded').to.equal(true);
      elsewhere.remove();
    } finally {
      after.remove();
      before.remove();
    }
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
  it('posts heights to the exact parent origin only', async () => {
    const posted: Array<[unknown, string]> = [];
    let first: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      first = resolve;
    });
    const fakeParent = {
      postMessage: (data: unknown, origin: string) => {
        posted.push([data, origin]);
        first();
      },
    } as unknown as Window;
    const root = document.createElement('div');
    root.style.height = '123.4px';
    document.body.append(root);
    const stop = reportHeight('https://www.brand.test', fakeParent, root);
    expect(posted, 'nothing measured before the page lays itself out').to.have.length(0);
    await arrived;
    stop();
    root.remove();
    expect(posted[0]?.[1], 'exact origin').to.equal('https://www.brand.test');
    expect(posted[0]?.[0], 'the observed height, rounded up').to.deep.equal({
      type: 'portico:resize',
      height: 124,
    });
    const none: unknown[] = [];
    const stop2 = reportHeight('*', {
      postMessage: (d: unknown) => none.push(d),
    } as unknown as Window);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    stop2();
    expect(none, 'never to *').to.have.length(0);
  });
});
