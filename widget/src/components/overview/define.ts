import { define } from '../../core/define.js';
import { PorticoOverview } from './overview.component.js';

define('portico-overview', PorticoOverview);

declare global {
  interface HTMLElementTagNameMap {
    'portico-overview': PorticoOverview;
  }
}
