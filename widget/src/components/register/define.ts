import { define } from '../../core/define.js';
import { PorticoRegister } from './register.component.js';

define('portico-register', PorticoRegister);

declare global {
  interface HTMLElementTagNameMap {
    'portico-register': PorticoRegister;
  }
}
