import { define } from '../../core/define.js';
import { PorticoTrials } from './trials.component.js';

define('portico-trials', PorticoTrials);

declare global {
  interface HTMLElementTagNameMap {
    'portico-trials': PorticoTrials;
  }
}
