import { define } from '../../core/define.js';
import { PorticoLinkError } from './link-error.component.js';

define('portico-link-error', PorticoLinkError);

declare global {
  interface HTMLElementTagNameMap {
    'portico-link-error': PorticoLinkError;
  }
}
