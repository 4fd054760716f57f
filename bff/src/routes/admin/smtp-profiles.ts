/**
 * SMTP profiles: the sender a portal's emails go out as.
 *
 * POST /     create; `postmark` needs a server token, `dev_outbox` is refused in production
 *            (422 `smtp_transport_not_allowed`)
 * GET  /     list, paginated
 * GET  /:id  one
 * The server token is write-only: responses say `has_server_token`, never the token.
 */
import { PageQuery, type SmtpProfile, SmtpProfileCreate } from '@portico/shared';
import { Hono } from 'hono';
import { ApiError, notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { listPage } from '../../http/list-page.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { recordAudit } from '../../services/audit/audit.js';

const COLUMNS = [
  'id',
  'name',
  'from_email',
  'from_name',
  'transport',
  'postmark_server_token',
  'created_at',
] as const;

type Row = {
  id: string;
  name: string;
  from_email: string;
  from_name: string;
  transport: 'postmark' | 'dev_outbox';
  postmark_server_token: string | null;
  created_at: Date;
};

const toSmtpProfile = (r: Row): SmtpProfile => ({
  id: r.id,
  name: r.name,
  from_email: r.from_email,
  from_name: r.from_name,
  transport: r.transport,
  has_server_token: r.postmark_server_token !== null,
  created_at: r.created_at.toISOString(),
});

export const smtpProfiles = new Hono<AppEnv>()
  .post('/', validate('json', SmtpProfileCreate), async (c) => {
    const { db, config } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    if (input.transport === 'dev_outbox' && config.production) {
      throw new ApiError(
        'smtp_transport_not_allowed',
        'the dev outbox transport is for development only; use postmark',
        { field: 'transport' },
      );
    }
    const row = await db.transaction().execute(async (tx) => {
      const created = await tx
        .insertInto('smtp_profiles')
        .values({
          account_id: accountId,
          name: input.name,
          from_email: input.from_email,
          from_name: input.from_name,
          transport: input.transport,
          postmark_server_token:
            input.transport === 'postmark' ? input.postmark_server_token : null,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        accountId,
        actor: 'admin',
        action: 'smtp_profile.created',
        subjectType: 'smtp_profile',
        subjectId: created.id,
        data: { from_email: input.from_email, transport: input.transport },
        requestId: c.get('requestId'),
      });
      return created;
    });
    return c.json(toSmtpProfile(row), 201);
  })
  .get('/', validate('query', PageQuery), async (c) => {
    const qb = c
      .get('deps')
      .db.selectFrom('smtp_profiles')
      .select(COLUMNS)
      .where('account_id', '=', c.get('admin').accountId);
    return c.json(await listPage(qb, 'smtp_profiles', c.req.valid('query'), toSmtpProfile));
  })
  .get('/:id', async (c) => {
    const id = idParam(c.req.param('id'), 'SMTP profile');
    const row = await c
      .get('deps')
      .db.selectFrom('smtp_profiles')
      .select(COLUMNS)
      .where('id', '=', id)
      .where('account_id', '=', c.get('admin').accountId)
      .executeTakeFirst();
    if (!row) throw notFound('SMTP profile');
    return c.json(toSmtpProfile(row));
  });
