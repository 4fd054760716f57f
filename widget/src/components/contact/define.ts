import { define } from '../../core/define.js';
import { PorticoContact } from './contact.component.js';

define('portico-contact', PorticoContact);

declare global {
  interface HTMLElementTagNameMap {
    'portico-contact': PorticoContact;
  }
}
