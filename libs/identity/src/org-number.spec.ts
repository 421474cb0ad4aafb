import { parseOrgNumber, withLuhnDigit } from './index';

const AKTIEBOLAG = withLuhnDigit('556677889'); // computed: '5566778899'
const IDEELL_FORENING = withLuhnDigit('802012345');
const KOMMUN = withLuhnDigit('212000018');

describe('parseOrgNumber', () => {
  it('has computed test numbers', () => {
    expect(AKTIEBOLAG).toBe('5566778899');
  });

  it.each(['556677-8899', '5566778899', '16556677-8899', '165566778899', ' 556677-8899 '])('accepts %j', (input) => {
    expect(parseOrgNumber(input)).toEqual({ ok: true, canonical: '5566778899', display: '556677-8899' });
  });

  it.each([IDEELL_FORENING, KOMMUN])('accepts other legal forms: %s', (number) => {
    expect(parseOrgNumber(number)).toEqual({ ok: true, canonical: number, display: `${number.slice(0, 6)}-${number.slice(6)}` });
  });

  it('accepts a "16" prefix only before ten digits, and a ten-digit number that itself starts with 16', () => {
    const startsWith16 = withLuhnDigit('165566778');
    expect(parseOrgNumber(startsWith16)).toMatchObject({ ok: true, canonical: startsWith16 });
    expect(parseOrgNumber(`16${startsWith16}`)).toMatchObject({ ok: true, canonical: startsWith16 });
  });

  it.each(['', 'AB', '556677-889', '55667788999', '17556677-8899', '556677 8899', '556677--8899', '5566-778899', '1616556677-8899'])(
    'rejects %j as format',
    (input) => expect(parseOrgNumber(input)).toEqual({ ok: false, reason: 'format' }),
  );

  it('rejects a number beginning with 0 (no legal person has group 0)', () => {
    const zero = withLuhnDigit('056677889');
    expect(parseOrgNumber(zero)).toEqual({ ok: false, reason: 'format' });
    expect(parseOrgNumber(`${zero.slice(0, 6)}-${zero.slice(6)}`)).toEqual({ ok: false, reason: 'format' });
    expect(parseOrgNumber(`16${zero}`)).toEqual({ ok: false, reason: 'format' });
  });

  it('rejects a wrong check digit', () => {
    expect(parseOrgNumber('556677-8898')).toEqual({ ok: false, reason: 'checksum' });
    expect(parseOrgNumber('16556677-8890')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('rejects a third digit below 2 (a personnummer, e.g. a sole trader’s)', () => {
    expect(parseOrgNumber('121212-1212')).toEqual({ ok: false, reason: 'third_digit' });
    expect(parseOrgNumber(withLuhnDigit('551677889'))).toEqual({ ok: false, reason: 'third_digit' });
    expect(parseOrgNumber(withLuhnDigit('550677889'))).toEqual({ ok: false, reason: 'third_digit' });
  });

  it('treats a non-string as a format error', () => {
    expect(parseOrgNumber(5566778899 as unknown as string)).toEqual({ ok: false, reason: 'format' });
  });
});
