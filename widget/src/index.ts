/**
 * The widget bundle: registers every `portico-*` element. Importing it twice (two script
 * tags) is harmless: each define is idempotent.
 */
import './components/portal/define.js';
import './components/captcha/define.js';

export { PorticoApi } from './api/client.js';
export { ApiError } from './api/errors.js';
export { PorticoPortal } from './components/portal/portal.component.js';
export { WIDGET_VERSION } from './core/define.js';
