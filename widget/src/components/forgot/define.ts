import { define } from '../../core/define.js';
import { PorticoForgot } from './forgot.component.js';

define('portico-forgot', PorticoForgot);

declare global {
  interface HTMLElementTagNameMap {
    'portico-forgot': PorticoForgot;
  }
}
