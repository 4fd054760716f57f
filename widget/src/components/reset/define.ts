import { define } from '../../core/define.js';
import { PorticoReset } from './reset.component.js';

define('portico-reset', PorticoReset);

declare global {
  interface HTMLElementTagNameMap {
    'portico-reset': PorticoReset;
  }
}
