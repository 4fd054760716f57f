import { define } from '../../core/define.js';
import { PorticoPayments } from './payments.component.js';

define('portico-payments', PorticoPayments);

declare global {
  interface HTMLElementTagNameMap {
    'portico-payments': PorticoPayments;
  }
}
