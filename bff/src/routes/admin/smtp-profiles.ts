/**
 * SMTP profiles: the sender a portal's emails go out as.
 *
 * POST /     create; `postmark` needs a server token, `dev_outbox` is refused in production
 *            (400 `validation_failed`, issue code `not_allowed_in_production`)
 * GET  /     list, paginated
 * GET  /:id  one
 * The server token is write-only: responses say `has_server_token`, never the token.
 */
import { type SmtpProfile, SmtpProfileCreate } from '@portico/shared';
import { Hono } from 'hono';
import { ApiError } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { validate } from '../../http/validate.js';
import { accountRows, readRoutes } from './account-rows.js';
import { auditAdmin } from './admin-audit.js';

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

const rows = accountRows(
  'smtp_profiles',
  (db) => db.selectFrom('smtp_profiles').select(COLUMNS),
  'SMTP profile',
);

export const smtpProfiles = new Hono<AppEnv>()
  .post('/', validate('json', SmtpProfileCreate), async (c) => {
    const { db, config } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    if (input.transport === 'dev_outbox' && config.production) {
      throw new ApiError('validation_failed', 'the body is not valid', {
        issues: [
          {
            path: 'transport',
            code: 'not_allowed_in_production',
            message: 'the dev outbox is for development only; use postmark',
          },
        ],
      });
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
      await auditAdmin(c, tx, {
        action: 'smtp_profile.created',
        subjectType: 'smtp_profile',
        subjectId: created.id,
        data: { from_email: input.from_email, transport: input.transport },
      });
      return created;
    });
    return c.json(toSmtpProfile(row), 201);
  })
  .route('/', readRoutes(rows, toSmtpProfile));
