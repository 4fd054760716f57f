import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopperContext } from '../../testing/shopper-setup.js';
import { createSession, findLiveSession, type SessionPortal } from './sessions.js';

const MINUTE = 60_000;

/**
 * Session checks made at once share statements (`findLiveSession` batches them); each must
 * still answer exactly what a check made alone answers.
 */
describe('findLiveSession in a batch', () => {
  let s: Awaited<ReturnType<typeof shopperContext>>;
  let portalA: SessionPortal;
  let portalB: SessionPortal;
  beforeAll(async () => {
    s = await shopperContext();
    const filters = (p: typeof s.portalA): SessionPortal => ({
      id: p.id,
      version: p.config_version,
      accountId: s.t.account.id,
      campaignIds: p.campaign_ids,
      shopIds: p.shop_ids,
    });
    portalA = filters(s.portalA);
    portalB = filters(s.portalB);
  });
  afterAll(() => s.t.close());

  async function sessionOf(
    portal: SessionPortal,
    opts: { campaignIds?: string[]; status?: 'enabled' | 'disabled'; now?: Date } = {},
  ) {
    const customer = await s.registeredCustomer({
      campaignIds: opts.campaignIds ?? [s.campaignA.id],
      ...(opts.status ? { status: opts.status } : {}),
    });
    const session = await createSession(s.db, {
      accountId: s.t.account.id,
      portalId: portal.id,
      customerId: customer.id,
      now: opts.now ?? new Date(),
    });
    return { customer, session };
  }

  it('answers each check of a burst as it would answer it alone', async () => {
    const now = new Date();
    const live = await sessionOf(portalA);
    const other = await sessionOf(portalA);
    const revoked = await sessionOf(portalA);
    await s.db
      .updateTable('sessions')
      .set({ revoked_at: now, revoked_reason: 'logout' })
      .where('id', '=', revoked.session.id)
      .execute();
    const idle = await sessionOf(portalA, { now: new Date(now.getTime() - 31 * MINUTE) });
    const disabled = await sessionOf(portalA, { status: 'disabled' });
    const wrongBrand = await sessionOf(portalA, { campaignIds: [s.campaignB.id] });
    const brandB = await sessionOf(portalB, { campaignIds: [s.campaignB.id] });

    const checks = [
      { name: 'live', id: live.session.id, portal: portalA },
      { name: 'live again', id: live.session.id, portal: portalA },
      { name: 'other', id: other.session.id, portal: portalA, preload: 'overview' as const },
      { name: 'revoked', id: revoked.session.id, portal: portalA },
      { name: 'idle', id: idle.session.id, portal: portalA },
      { name: 'disabled', id: disabled.session.id, portal: portalA },
      { name: 'wrong brand', id: wrongBrand.session.id, portal: portalA },
      { name: 'B on A', id: brandB.session.id, portal: portalA },
      { name: 'B on B', id: brandB.session.id, portal: portalB },
      { name: 'A on B', id: live.session.id, portal: portalB },
      // A cached copy of portal A one version behind, when it admitted Brand B only: its own
      // statement, with its own filters.
      {
        name: 'stale copy',
        id: live.session.id,
        portal: { ...portalA, version: portalA.version - 1, campaignIds: [s.campaignB.id] },
      },
      { name: 'upper case', id: live.session.id.toUpperCase(), portal: portalA },
      { name: 'unknown', id: '00000000-0000-4000-8000-000000000000', portal: portalA },
      { name: 'not an id', id: 'not-a-uuid', portal: portalA },
    ];
    const check = (c: (typeof checks)[number]) =>
      findLiveSession(s.db, c.id, c.portal, now, c.preload);
    // Issued in one go: one batch.
    const together = await Promise.all(checks.map(check));
    const alone = [];
    for (const c of checks) alone.push(await check(c));
    expect(together).toEqual(alone);

    const byName = Object.fromEntries(checks.map((c, i) => [c.name, together[i]]));
    expect(byName.live).toMatchObject({
      id: live.session.id,
      customer_id: live.customer.id,
      portal_id: portalA.id,
      eligible: true,
      portal_version: portalA.version,
      overview_version: null,
    });
    expect(byName['live again']).toEqual(byName.live);
    expect(byName.other).toMatchObject({
      id: other.session.id,
      customer_id: other.customer.id,
      eligible: true,
      overview_version: expect.stringMatching(/^\d+$/),
    });
    expect(byName['stale copy']).toEqual({ ...byName.live, eligible: false });
    expect(byName['upper case']).toEqual(byName.live);
    expect(byName.disabled).toMatchObject({ id: disabled.session.id, eligible: false });
    expect(byName['wrong brand']).toMatchObject({ id: wrongBrand.session.id, eligible: false });
    expect(byName['B on B']).toMatchObject({
      id: brandB.session.id,
      customer_id: brandB.customer.id,
      eligible: true,
      portal_version: portalB.version,
    });
    for (const gone of ['revoked', 'idle', 'B on A', 'A on B', 'unknown', 'not an id']) {
      expect(byName[gone], gone).toBeUndefined();
    }
  });

  it('checks a session against the latest time asked in its batch, never an earlier one', async () => {
    const now = new Date();
    const { session } = await sessionOf(portalA, { now });
    const expired = new Date(session.idle_expires_at.getTime() + 1000);
    const [early, late] = await Promise.all([
      findLiveSession(s.db, session.id, portalA, now),
      findLiveSession(s.db, session.id, portalA, expired),
    ]);
    expect(late).toBeUndefined();
    // The earlier request waited in the same batch: it is not answered as of a past instant.
    expect(early).toBeUndefined();
    expect(await findLiveSession(s.db, session.id, portalA, now)).toMatchObject({ id: session.id });
  });

  it('fails only the checks of a statement that fails, not the rest of the batch', async () => {
    const { session } = await sessionOf(portalA);
    const broken = { ...portalA, version: portalA.version + 1, campaignIds: ['not-a-uuid'] };
    const [good, bad] = await Promise.allSettled([
      findLiveSession(s.db, session.id, portalA, new Date()),
      findLiveSession(s.db, session.id, broken, new Date()),
    ]);
    expect(good).toMatchObject({ status: 'fulfilled', value: { id: session.id, eligible: true } });
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: '22P02' } });
  });
});
