import type { CancelReason } from '@portico/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, noteBodies, webhookPayloads } from '../../testing/audit-trail.js';
import { emailSettings, makeSmtpProfile, makeTrackingDomain } from '../../testing/fixtures.js';
import { json } from '../../testing/harness.js';
import {
  createShopperTestContext,
  effectCounts,
  makeSubscription,
  type Shopper,
  type ShopperTestContext,
} from '../../testing/shopper-harness.js';

const REASONS: CancelReason[] = [
  { id: 'too_expensive', label: { en: 'It costs too much', es: 'Cuesta demasiado' } },
  { id: 'moving', label: { en: 'I am moving abroad' } },
];

describe('the merchant-owned cancel flow', () => {
  let t: ShopperTestContext;
  beforeAll(async () => {
    t = await createShopperTestContext();
  });
  afterAll(() => t.close());

  const configure = (
    s: Shopper,
    settings: {
      cancel_reasons?: CancelReason[];
      cancel_comment?: 'off' | 'optional' | 'required';
      cancel_save_offer?: boolean;
    },
  ) =>
    t.handle.db
      .updateTable('portals')
      .set({
        ...settings,
        ...(settings.cancel_reasons
          ? { cancel_reasons: JSON.stringify(settings.cancel_reasons) }
          : {}),
      })
      .where('id', '=', s.portalId)
      .execute();
  const subRow = (id: string) =>
    t.handle.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  describe('admin settings', () => {
    let domainId: string;
    let smtpId: string;
    const FROM = 'support@cancel.example';
    beforeAll(async () => {
      domainId = (await makeTrackingDomain(t.handle.db, t.account.id)).id;
      smtpId = (await makeSmtpProfile(t.handle.db, t.account.id, { fromEmail: FROM })).id;
    });
    const portalBody = (extra: Record<string, unknown> = {}) => ({
      name: 'Cancel flow portal',
      tracking_domain_id: domainId,
      smtp_profile_id: smtpId,
      recaptcha_site_key: 'site',
      recaptcha_secret_key: 'secret',
      confirmation_email: emailSettings(FROM, 'confirm'),
      password_reset_email: emailSettings(FROM, 'reset'),
      permissions: ['subscription_cancel', 'subscription_suspend'],
      ...extra,
    });

    it('defaults, creates, edits and reads back the cancel settings', async () => {
      const plain = await json(t.admin('POST', '/portals', portalBody()));
      expect(plain).toMatchObject({
        cancel_reasons: [],
        cancel_comment: 'optional',
        cancel_save_offer: false,
      });
      const res = await t.admin(
        'POST',
        '/portals',
        portalBody({
          cancel_reasons: REASONS,
          cancel_comment: 'required',
          cancel_save_offer: true,
        }),
      );
      expect(res.status).toBe(201);
      const created = await json(res);
      expect(created).toMatchObject({
        cancel_reasons: REASONS,
        cancel_comment: 'required',
        cancel_save_offer: true,
      });
      const edited = await json(
        t.admin('PATCH', `/portals/${created.id}`, {
          cancel_reasons: [REASONS[1]],
          cancel_comment: 'off',
        }),
      );
      expect(edited).toMatchObject({
        cancel_reasons: [REASONS[1]],
        cancel_comment: 'off',
        cancel_save_offer: true,
      });
      expect(await json(t.admin('GET', `/portals/${created.id}`))).toMatchObject({
        cancel_reasons: [REASONS[1]],
      });
      expect(await auditActions(t.handle.db, created.id)).toEqual([
        'portal.created',
        'portal.updated',
      ]);
    });

    it('refuses bad settings with 400', async () => {
      for (const extra of [
        { cancel_reasons: [REASONS[0], REASONS[0]] },
        { cancel_reasons: [{ id: 'Bad Id', label: { en: 'x' } }] },
        { cancel_reasons: [{ id: 'x', label: { en: '' } }] },
        { cancel_reasons: [{ id: 'x', label: { en: 'x', fr: 'x' } }] },
        {
          cancel_reasons: Array.from({ length: 21 }, (_, i) => ({
            id: `r${i}`,
            label: { en: 'x' },
          })),
        },
        { cancel_comment: 'sometimes' },
        { cancel_save_offer: 'yes' },
      ]) {
        const res = await t.admin('POST', '/portals', portalBody(extra));
        expect(res.status, JSON.stringify(extra)).toBe(400);
      }
    });
  });

  it('exposes the flow in the public config; the save step only with subscription_suspend', async () => {
    const s = await t.newShopper();
    await configure(s, {
      cancel_reasons: REASONS,
      cancel_comment: 'required',
      cancel_save_offer: true,
    });
    const config = await json(s.req('GET', '/config'));
    expect(config).toMatchObject({
      cancel_reasons: REASONS,
      cancel_comment: 'required',
      cancel_save_offer: true,
    });
    await t.withPermissions(s, ['subscription_cancel']);
    expect((await json(s.req('GET', '/config'))).cancel_save_offer).toBe(false);
  });

  it('records the chosen reason and comment on the subscription, the note and the event', async () => {
    const s = await t.newShopper();
    await configure(s, { cancel_reasons: REASONS, cancel_comment: 'optional' });
    const sub = await makeSubscription(t, s);
    const res = await s.req('POST', `/subscriptions/${sub.id}/cancel`, {
      reason: 'moving',
      comment: '  Lovely boxes, though.  ',
    });
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe('cancelled');
    expect(await subRow(sub.id)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'moving',
      cancel_reason_label: 'I am moving abroad',
      cancel_comment: 'Lovely boxes, though.',
    });
    expect(await noteBodies(t.handle.db, s.customerId)).toEqual([
      'Cancelled subscription Gold Box via portal Brand A. Reason: I am moving abroad. Comment: Lovely boxes, though.',
    ]);
    expect(await webhookPayloads(t.handle.db)).toContainEqual(
      expect.objectContaining({
        type: 'subscription.cancelled',
        data: expect.objectContaining({
          subscription_id: sub.id,
          reason: 'moving',
          reason_label: 'I am moving abroad',
          comment: 'Lovely boxes, though.',
        }),
      }),
    );
    expect(await auditActions(t.handle.db, sub.id)).toEqual(['subscription.cancelled']);
    // The merchant sees it too.
    const admin = await json(t.admin('GET', `/customers/${s.customerId}/subscriptions`));
    expect(admin.data[0]).toMatchObject({
      cancel_reason: 'moving',
      cancel_reason_label: 'I am moving abroad',
      cancel_comment: 'Lovely boxes, though.',
    });
  });

  it('refuses reasons that are not the portal’s, and comments against the setting', async () => {
    const s = await t.newShopper();
    const sub = await makeSubscription(t, s);
    await configure(s, { cancel_reasons: REASONS, cancel_comment: 'required' });
    const before = await effectCounts(t);
    const cases: [string, unknown, string][] = [
      ['unknown reason', { reason: 'bored', comment: 'x' }, 'reason'],
      ['free text reason', { reason: 'It costs too much', comment: 'x' }, 'reason'],
      ['no reason', { comment: 'x' }, 'reason'],
      ['no comment', { reason: 'moving' }, 'comment'],
      ['blank comment', { reason: 'moving', comment: '   ' }, 'comment'],
    ];
    for (const [what, body, path] of cases) {
      const res = await s.req('POST', `/subscriptions/${sub.id}/cancel`, body);
      expect(res.status, what).toBe(400);
      const err = (await json(res)).error;
      expect(err.code, what).toBe('validation_failed');
      expect(err.details.issues[0].path, what).toBe(path);
    }
    await configure(s, { cancel_comment: 'off' });
    const off = await s.req('POST', `/subscriptions/${sub.id}/cancel`, {
      reason: 'moving',
      comment: 'not asked for',
    });
    expect(off.status).toBe(400);
    expect((await json(off)).error.details.issues[0].path).toBe('comment');
    expect(await effectCounts(t)).toEqual(before);
    expect((await subRow(sub.id)).status).toBe('active');
    // Within the rules it goes through.
    const ok = await s.req('POST', `/subscriptions/${sub.id}/cancel`, { reason: 'too_expensive' });
    expect(ok.status).toBe(200);
    expect((await subRow(sub.id)).cancel_reason_label).toBe('It costs too much');
  });

  it('keeps free-text reasons where the portal lists none', async () => {
    const s = await t.newShopper();
    const sub = await makeSubscription(t, s);
    const res = await s.req('POST', `/subscriptions/${sub.id}/cancel`, {});
    expect(res.status).toBe(200);
    expect(await subRow(sub.id)).toMatchObject({ cancel_reason: null, cancel_reason_label: null });
  });

  it('answers another customer’s subscription with 404 before looking at the body', async () => {
    const a = await t.newShopper();
    const b = await t.newShopper({ portalId: a.portalId });
    await configure(a, { cancel_reasons: REASONS, cancel_comment: 'required' });
    const theirs = await makeSubscription(t, a);
    const before = await effectCounts(t);
    for (const body of [{ reason: 'moving', comment: 'x' }, { reason: 'nope' }]) {
      const res = await b.req('POST', `/subscriptions/${theirs.id}/cancel`, body);
      expect(res.status).toBe(404);
    }
    expect(await effectCounts(t)).toEqual(before);
    expect((await subRow(theirs.id)).status).toBe('active');
  });

  it('refuses cancel without subscription_cancel, and unknown fields', async () => {
    const s = await t.newShopper({ permissions: ['subscription_suspend'] });
    const sub = await makeSubscription(t, s);
    const denied = await s.req('POST', `/subscriptions/${sub.id}/cancel`, {});
    expect(denied.status).toBe(403);
    expect((await json(denied)).error.code).toBe('permission_denied');
    const s2 = await t.newShopper();
    const sub2 = await makeSubscription(t, s2);
    for (const body of [
      { reason_label: 'x' },
      { status: 'cancelled' },
      { comment: 'x'.repeat(2001) },
    ]) {
      expect((await s2.req('POST', `/subscriptions/${sub2.id}/cancel`, body)).status).toBe(400);
    }
  });

  it('records a save: suspending from the save step says so in the note and event', async () => {
    const s = await t.newShopper();
    await configure(s, { cancel_save_offer: true });
    const sub = await makeSubscription(t, s);
    const res = await s.req('POST', `/subscriptions/${sub.id}/suspend`, { save_offer: true });
    expect(res.status).toBe(200);
    expect((await subRow(sub.id)).status).toBe('suspended');
    expect(await noteBodies(t.handle.db, s.customerId)).toEqual([
      'Suspended subscription Gold Box via portal Brand A. Suspended instead of cancelling',
    ]);
    expect(await webhookPayloads(t.handle.db)).toContainEqual(
      expect.objectContaining({
        type: 'subscription.suspended',
        data: expect.objectContaining({ subscription_id: sub.id, save_offer: true }),
      }),
    );
    expect(
      (await s.req('POST', `/subscriptions/${sub.id}/suspend`, { save_offer: 'yes' })).status,
    ).toBe(400);
  });
});
