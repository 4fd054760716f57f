import { expect } from '@open-wc/testing';
import { ERROR_CODES } from '@portico/shared/errors';
import { ApiError } from '../api/errors.js';
import { en, enErrors } from './en.js';
import { es, esErrors } from './es.js';
import { errorMessage, formatMoney, pickLocale, t } from './index.js';

describe('i18n', () => {
  it('every API error code has an English and a Spanish message', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      expect(enErrors[code as keyof typeof enErrors], `en ${code}`)
        .to.be.a('string')
        .and.not.equal('');
      expect(esErrors[code as keyof typeof esErrors], `es ${code}`)
        .to.be.a('string')
        .and.not.equal('');
    }
  });

  it('Spanish covers every key with the same parameters', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
      expect(params(es[key]), `params of ${key}`).to.equal(params(en[key]));
    }
  });

  it('maps codes, never raw server text', () => {
    const err = new ApiError(402, 'card_declined', 'gateway said <b>no</b>');
    expect(errorMessage('es', err), 'es').to.contain('rechazada');
    expect(errorMessage('en', new Error('x')), 'unknown').to.contain('went wrong');
  });

  it('picks a locale from the candidates', () => {
    expect(pickLocale(null, 'es-MX', 'en'), 'page lang').to.equal('es');
    expect(pickLocale('', 'fr', 'es'), 'config').to.equal('es');
    expect(pickLocale(undefined, 'de'), 'fallback').to.equal('en');
  });

  it('formats money from minor units', () => {
    expect(formatMoney('en', 2999, 'USD'), 'usd').to.equal('$29.99');
    expect(formatMoney('en', 500, 'JPY'), 'zero-decimal').to.equal('¥500');
    expect(t('en', 'welcome', { name: 'Ana' }), 'params').to.equal('Welcome, Ana');
  });
});
