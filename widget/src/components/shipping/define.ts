import { define } from '../../core/define.js';
import { PorticoShipping } from './shipping.component.js';

define('portico-shipping', PorticoShipping);

declare global {
  interface HTMLElementTagNameMap {
    'portico-shipping': PorticoShipping;
  }
}
