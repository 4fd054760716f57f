import { define } from '../../core/define.js';
import { PorticoPortal } from './portal.component.js';

define('portico-portal', PorticoPortal);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal': PorticoPortal;
  }
}
