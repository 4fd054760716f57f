import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { adminAuth, requireJson } from '../../middleware/admin-auth.js';
import { apiKeys } from './api-keys.js';
import { campaigns } from './campaigns.js';
import { customerBilling } from './customer-billing.js';
import { customerCards } from './customer-cards.js';
import { customerNotes } from './customer-notes.js';
import { customers } from './customers.js';
import { customerGroups, groups } from './groups.js';
import { loginLinks } from './login-links.js';
import { portals } from './portals.js';
import { shops } from './shops.js';
import { smtpProfiles } from './smtp-profiles.js';
import { trackingDomains } from './tracking-domains.js';
import { webhookEndpoints } from './webhook-endpoints.js';

/** The merchant admin API: `Authorization: Bearer <key>`, JSON in and out. */
export const adminApi = new Hono<AppEnv>()
  .use(adminAuth, requireJson)
  .route('/campaigns', campaigns)
  .route('/customers', customers)
  .route('/customers', customerGroups)
  .route('/customers', customerNotes)
  .route('/customers', customerBilling)
  .route('/customers', customerCards)
  .route('/groups', groups)
  .route('/tracking-domains', trackingDomains)
  .route('/smtp-profiles', smtpProfiles)
  .route('/shops', shops)
  .route('/portals', portals)
  .route('/portals', loginLinks)
  .route('/api-keys', apiKeys)
  .route('/webhook-endpoints', webhookEndpoints);
