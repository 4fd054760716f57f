import { define } from '../../core/define.js';
import { PorticoLogin } from './login.component.js';

define('portico-login', PorticoLogin);

declare global {
  interface HTMLElementTagNameMap {
    'portico-login': PorticoLogin;
  }
}
