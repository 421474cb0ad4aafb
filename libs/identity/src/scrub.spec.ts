import { IDENTITY_NUMBER_PLACEHOLDER, isLikelyIdentityNumber, scrubIdentityNumbers } from './index';

describe('isLikelyIdentityNumber and scrubIdentityNumbers', () => {
  it.each([
    ['121212-1212', '[personnummer]'],
    ['121212+1212', '[personnummer]'],
    ['1212121212', '[personnummer]'],
    ['191212121212', '[personnummer]'],
    ['19121212-1212', '[personnummer]'],
    ['19121212 1212', '[personnummer]'],
    ['19121212–1212', '[personnummer]'], // en dash from word processors
    ['Key (personnummer)=(191212121212) already exists.', 'Key (personnummer)=([personnummer]) already exists.'],
    ['pnr:701063-2391,', 'pnr:[personnummer],'],
    ['a 121212-1212 och b 19701063-2391', 'a [personnummer] och b [personnummer]'],
    ['line1\n191212121212\nline3', 'line1\n[personnummer]\nline3'],
    ['fil_191212121212.pdf', 'fil_[personnummer].pdf'],
    ['556677-8899', '[personnummer]'], // organisationsnummer are scrubbed too: better safe
    ['invalid checksum 19121212-1213 still scrubbed', 'invalid checksum [personnummer] still scrubbed'],
  ])('finds and scrubs %j', (text, scrubbed) => {
    expect(isLikelyIdentityNumber(text)).toBe(true);
    expect(scrubIdentityNumbers(text)).toBe(scrubbed);
    expect(isLikelyIdentityNumber(scrubbed)).toBe(false);
  });

  it.each([
    '',
    'Ärendet avslutades 2026-03-29 kl. 12:00',
    'belopp 12345 kr',
    'ärende 123456789', // 9 digits
    '12345678901', // 11 digits
    '1234567890123', // 13 digits
    '12121-21212',
    'tel 070-123 45 67',
    '2026-VT',
  ])('leaves %j alone', (text) => {
    expect(isLikelyIdentityNumber(text)).toBe(false);
    expect(scrubIdentityNumbers(text)).toBe(text);
  });

  it('gives the same answer on repeated calls (no shared regex state)', () => {
    for (let i = 0; i < 3; i++) expect(isLikelyIdentityNumber('x 121212-1212 y')).toBe(true);
  });

  it('exports the placeholder', () => {
    expect(IDENTITY_NUMBER_PLACEHOLDER).toBe('[personnummer]');
  });
});
