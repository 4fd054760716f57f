import type { PortalConfig } from '@portico/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { portalRecord } from '../../middleware/portal.js';
import { sanitizeFooterHtml } from '../../services/html/sanitize-footer.js';

/** Public portal configuration for the widget: nothing secret. */
export const configRoutes = new Hono<AppEnv>().get('/:portalId/config', (c) => {
  const portal = portalRecord(c);
  const { config } = c.get('deps');
  const body: PortalConfig = {
    id: portal.id,
    display_name: portal.displayName,
    description: portal.description,
    footer_html: sanitizeFooterHtml(portal.footerHtml),
    permissions: portal.permissions,
    recaptcha_site_key: portal.recaptchaSiteKey,
    captcha_mode: config.captchaMode,
    locale: portal.locale,
    create_non_existing_customer: portal.createNonExistingCustomer,
    card_fields_url: `http://localhost:${config.gatewayPort}/card-fields`,
    cancel_reasons: portal.cancelReasons,
    cancel_comment: portal.cancelComment,
    cancel_save_offer:
      portal.cancelSaveOffer && portal.permissions.includes('subscription_suspend'),
  };
  return c.json(body);
});
