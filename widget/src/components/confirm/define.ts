import { define } from '../../core/define.js';
import { PorticoConfirm } from './confirm.component.js';

define('portico-confirm', PorticoConfirm);

declare global {
  interface HTMLElementTagNameMap {
    'portico-confirm': PorticoConfirm;
  }
}
