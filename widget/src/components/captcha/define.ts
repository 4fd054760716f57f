import { define } from '../../core/define.js';
import { PorticoCaptcha } from './captcha.component.js';

define('portico-captcha', PorticoCaptcha);

declare global {
  interface HTMLElementTagNameMap {
    'portico-captcha': PorticoCaptcha;
  }
}
