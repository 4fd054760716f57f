import { define } from '../../core/define.js';
import { PorticoSubscriptions } from './subscriptions.component.js';

define('portico-subscriptions', PorticoSubscriptions);

declare global {
  interface HTMLElementTagNameMap {
    'portico-subscriptions': PorticoSubscriptions;
  }
}
