import { define } from '../../core/define.js';
import { PorticoHistory } from './history.component.js';

define('portico-history', PorticoHistory);

declare global {
  interface HTMLElementTagNameMap {
    'portico-history': PorticoHistory;
  }
}
