import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { FakeServer, mountScreen, q } from '../../testing/fake-api.js';
import type { PorticoLinkError } from './link-error.component.js';
import './define.js';

describe('portico-link-error', () => {
  it('says why the link failed and passes axe', async () => {
    const el = await mountScreen<PorticoLinkError>('portico-link-error', new FakeServer());
    el.carriedNotice = 'This login link has expired.';
    await el.updateComplete;
    expect(q(el, 'h2').textContent, 'title').to.equal('This link cannot be used');
    expect(q(el, '[role="alert"]').textContent, 'why').to.equal('This login link has expired.');
    await expect(el).to.be.accessible();
  });

  it('falls back to a generic reason and offers log in and reset by keyboard', async () => {
    const el = await mountScreen<PorticoLinkError>('portico-link-error', new FakeServer());
    expect(q(el, '[role="alert"]').textContent, 'generic').to.contain('not valid');
    const screens: string[] = [];
    el.addEventListener('portico-navigate', (e) => screens.push(e.detail.screen));
    q<HTMLButtonElement>(el, '[data-go="login"]').focus();
    await sendKeys({ press: 'Enter' });
    q<HTMLButtonElement>(el, '[data-go="forgot"]').focus();
    await sendKeys({ press: 'Enter' });
    expect(screens, 'navigated').to.deep.equal(['login', 'forgot']);
  });
});
