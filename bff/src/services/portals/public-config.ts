import type { PortalConfig } from '@portico/shared';
import type { Config } from '../../config.js';
import { sanitizeFooterHtml } from '../html/sanitize-footer.js';
import type { PortalRecord } from './portal-record.js';

/**
 * The portal's public configuration, as the widget sees it: the config endpoint answers it
 * and the portal page inlines it. Every field is named here, so no secret of the record
 * (reCAPTCHA secret, SMTP profile, filters, email settings) can slip in.
 */
export function publicPortalConfig(
  portal: PortalRecord,
  config: Pick<Config, 'captchaMode' | 'gatewayPort'>,
): PortalConfig {
  return {
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
}
