import { expect, oneEvent } from '@open-wc/testing';
import { EVENT_MESSAGE, HOST_EVENTS, hostEvent, mountFrame } from './embed-core.js';
import { forwardEvents } from './event-forwarder.js';

const PORTAL = 'http://127.0.0.1:9';
const CARD = '10000000-0000-4000-8000-000000000001';

function target(): HTMLElement {
  const div = document.createElement('div');
  div.id = 'portico-portal';
  document.body.append(div);
  return div;
}

describe('embed.js host-page events', () => {
  afterEach(() => document.getElementById('portico-portal')?.remove());

  it('re-dispatches portal events on the embed element, from the exact origin and frame only', async () => {
    const t = target();
    const frame = mountFrame({ portalId: 'abc', origin: PORTAL, mode: 'iframe', target: t });
    const seen: CustomEvent[] = [];
    for (const name of HOST_EVENTS)
      t.addEventListener(`portico:${name}`, (e) => seen.push(e as CustomEvent));
    const bubbled: string[] = [];
    const onBody = (e: Event) => bubbled.push(e.type);
    document.body.addEventListener('portico:card-removed', onBody);
    const send = (origin: string, source: Window | null, data: unknown) =>
      window.dispatchEvent(new MessageEvent('message', { origin, source, data }));
    const msg = (name: string, detail: unknown = { card_id: CARD }) => ({
      type: EVENT_MESSAGE,
      name,
      detail,
    });
    send('https://evil.test', frame.contentWindow, msg('card-added'));
    send(`${PORTAL}.evil.test`, frame.contentWindow, msg('card-added'));
    send(PORTAL, window, msg('card-added'));
    send(PORTAL, frame.contentWindow, msg('not-an-event'));
    send(PORTAL, frame.contentWindow, { type: 'portico:resize', name: 'card-added' });
    expect(seen, 'ignored').to.have.length(0);

    send(
      PORTAL,
      frame.contentWindow,
      msg('card-removed', {
        card_id: CARD,
        email: 'ana@example.com',
        Name: 'Ana',
        note: '<img src=x onerror=alert(1)>',
        nested: { a: 1 },
      }),
    );
    expect(
      seen.map((e) => e.type),
      'dispatched',
    ).to.deep.equal(['portico:card-removed']);
    expect(seen[0]?.detail, 'ids only').to.deep.equal({ card_id: CARD });
    expect(bubbled, 'bubbles to the page').to.deep.equal(['portico:card-removed']);
    document.body.removeEventListener('portico:card-removed', onBody);
  });

  it('accepts every documented event name and nothing else', () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const ev = (name: string) =>
      new MessageEvent('message', {
        origin: PORTAL,
        source: frame.contentWindow,
        data: { type: EVENT_MESSAGE, name, detail: null },
      });
    for (const name of HOST_EVENTS)
      expect(hostEvent(ev(name), PORTAL, frame), name).to.deep.equal({ name, detail: {} });
    for (const name of ['', 'toString', '__proto__', 'card-added ', 'CARD-ADDED'])
      expect(hostEvent(ev(name), PORTAL, frame), JSON.stringify(name)).to.equal(null);
    frame.remove();
  });

  it('delivers an event posted by a framed page on another origin', async () => {
    const t = target();
    // Same test server, another origin: localhost vs 127.0.0.1.
    const other = `http://localhost:${location.port}`;
    const frame = mountFrame({ portalId: 'abc', origin: other, mode: 'iframe', target: t });
    frame.src = `${other}/src/testing/event-frame.html?origin=${encodeURIComponent(location.origin)}`;
    const event = (await oneEvent(t, 'portico:card-added')) as CustomEvent;
    expect(event.detail, 'ids only').to.deep.equal({ card_id: CARD });
  });
});

describe('portal page event forwarder', () => {
  it('posts each portal event to the exact parent origin, ids only, and stops', () => {
    const posted: Array<[unknown, string]> = [];
    const parent = {
      postMessage: (data: unknown, origin: string) => posted.push([data, origin]),
    } as unknown as Window;
    const el = document.createElement('portico-portal');
    const stop = forwardEvents('https://www.brand.test', el, parent);
    el.dispatchEvent(
      new CustomEvent('portico:subscription-cancelled', { detail: { subscription_id: 'sub_1' } }),
    );
    el.dispatchEvent(new CustomEvent('portico:logged-out'));
    el.dispatchEvent(new CustomEvent('portico-refresh'));
    expect(posted, 'posted').to.deep.equal([
      [
        {
          type: EVENT_MESSAGE,
          name: 'subscription-cancelled',
          detail: { subscription_id: 'sub_1' },
        },
        'https://www.brand.test',
      ],
      [{ type: EVENT_MESSAGE, name: 'logged-out', detail: {} }, 'https://www.brand.test'],
    ]);
    stop();
    el.dispatchEvent(new CustomEvent('portico:logged-out'));
    expect(posted, 'stopped').to.have.length(2);
    const none: unknown[] = [];
    forwardEvents('*', el, { postMessage: (d: unknown) => none.push(d) } as unknown as Window);
    el.dispatchEvent(new CustomEvent('portico:logged-out'));
    expect(none, 'never to *').to.have.length(0);
  });
});
