import { define } from '../../core/define.js';
import { PorticoCards } from './cards.component.js';

define('portico-cards', PorticoCards);

declare global {
  interface HTMLElementTagNameMap {
    'portico-cards': PorticoCards;
  }
}
