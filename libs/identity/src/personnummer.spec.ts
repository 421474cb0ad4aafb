import { canonicalPersonnummer, InvalidPersonnummerError, maskPersonnummer, parsePersonnummer, withLuhnDigit } from './index';

const TODAY = '2026-03-15';

/** A valid ten-digit number (no separator) for a birth date YYMMDD and a three-digit birth number. */
const valid = (yymmdd: string, birthNumber = '238') => withLuhnDigit(`${yymmdd}${birthNumber}`);
const withSeparator = (tenDigits: string, separator: '-' | '+') => `${tenDigits.slice(0, 6)}${separator}${tenDigits.slice(6)}`;

describe('parsePersonnummer', () => {
  describe('accepted forms', () => {
    it.each([
      ['19121212-1212', '191212121212', '1912-12-12'],
      ['191212121212', '191212121212', '1912-12-12'],
      ['121212+1212', '191212121212', '1912-12-12'],
      ['121212-1212', '201212121212', '2012-12-12'],
      ['1212121212', '201212121212', '2012-12-12'],
      ['201212121212', '201212121212', '2012-12-12'],
      ['20121212-1212', '201212121212', '2012-12-12'],
      ['  121212-1212 ', '201212121212', '2012-12-12'],
      ['811218-9876', '198112189876', '1981-12-18'],
    ])('%j → %s', (input, canonical, birthDate) => {
      expect(parsePersonnummer(input, TODAY)).toEqual({ ok: true, canonical, birthDate, coordinationNumber: false });
    });

    it('accepts a samordningsnummer (day + 60) and gives the real birth date', () => {
      expect(parsePersonnummer('701063-2391', TODAY)).toEqual({
        ok: true,
        canonical: '197010632391',
        birthDate: '1970-10-03',
        coordinationNumber: true,
      });
      expect(parsePersonnummer('197010632391', TODAY)).toMatchObject({ ok: true, birthDate: '1970-10-03', coordinationNumber: true });
      expect(parsePersonnummer(valid('701091'), TODAY)).toMatchObject({ ok: true, birthDate: '1970-10-31', coordinationNumber: true });
      expect(parsePersonnummer(valid('800289'), TODAY)).toMatchObject({ ok: true, birthDate: '1980-02-29', coordinationNumber: true });
      expect(parsePersonnummer(valid('700161'), TODAY)).toMatchObject({ ok: true, birthDate: '1970-01-01', coordinationNumber: true });
    });

    it('defaults today to the Stockholm date', () => {
      expect(parsePersonnummer('121212-1212')).toMatchObject({ ok: true, canonical: '201212121212' });
    });
  });

  describe('century of ten-digit forms (SKV 704: "+" from the year the person turns 100)', () => {
    it('reads "-" and no separator as turning at most 99 this year', () => {
      expect(parsePersonnummer(withSeparator(valid('270101'), '-'), TODAY)).toMatchObject({ ok: true, birthDate: '1927-01-01' });
      expect(parsePersonnummer(valid('271231'), TODAY)).toMatchObject({ ok: true, birthDate: '1927-12-31' });
      expect(parsePersonnummer(withSeparator(valid('260301'), '-'), TODAY)).toMatchObject({ ok: true, birthDate: '2026-03-01' });
      expect(parsePersonnummer(withSeparator(valid('260315'), '-'), TODAY)).toMatchObject({ ok: true, birthDate: '2026-03-15' });
      expect(parsePersonnummer(withSeparator(valid('991231'), '-'), TODAY)).toMatchObject({ ok: true, birthDate: '1999-12-31' });
      expect(parsePersonnummer(withSeparator(valid('000101'), '-'), TODAY)).toMatchObject({ ok: true, birthDate: '2000-01-01' });
    });

    it('reads "+" as turning 100 or more this year', () => {
      expect(parsePersonnummer(withSeparator(valid('261231'), '+'), TODAY)).toMatchObject({ ok: true, birthDate: '1926-12-31' });
      expect(parsePersonnummer(withSeparator(valid('260101'), '+'), TODAY)).toMatchObject({ ok: true, birthDate: '1926-01-01' });
      expect(parsePersonnummer(withSeparator(valid('270101'), '+'), TODAY)).toMatchObject({ ok: true, birthDate: '1827-01-01' });
      expect(parsePersonnummer(withSeparator(valid('000101'), '+'), TODAY)).toMatchObject({ ok: true, birthDate: '1900-01-01' });
      expect(parsePersonnummer(withSeparator(valid('000229'), '+'), TODAY)).toEqual({ ok: false, reason: 'date' }); // 1900 was no leap year
    });

    it('switches to "+" on 1 January of the year the person turns 100, not on the birthday', () => {
      const bornLateIn1926 = valid('261231');
      expect(parsePersonnummer(withSeparator(bornLateIn1926, '-'), '2025-12-31')).toMatchObject({ ok: true, birthDate: '1926-12-31' });
      expect(parsePersonnummer(withSeparator(bornLateIn1926, '+'), '2026-01-01')).toMatchObject({ ok: true, birthDate: '1926-12-31' });
      // With "-" in 2026 the number can only mean 2026-12-31, which has not happened yet.
      expect(parsePersonnummer(withSeparator(bornLateIn1926, '-'), '2026-01-01')).toEqual({ ok: false, reason: 'date' });
    });
  });

  describe('the twelve-digit form with "+" (a person of 100 or more)', () => {
    it('accepts 19090527+1474 as the same person as 190905271474', () => {
      expect(parsePersonnummer('19090527+1474', TODAY)).toEqual({
        ok: true,
        canonical: '190905271474',
        birthDate: '1909-05-27',
        coordinationNumber: false,
      });
      expect(parsePersonnummer('19121212+1212', TODAY)).toMatchObject({ ok: true, canonical: '191212121212' });
      expect(parsePersonnummer('19260101+' + valid('260101').slice(6), TODAY)).toMatchObject({ ok: true, birthDate: '1926-01-01' });
    });

    it('refuses it for someone younger than 100 this year', () => {
      expect(parsePersonnummer('19270101+' + valid('270101').slice(6), TODAY)).toEqual({ ok: false, reason: 'date' });
      expect(parsePersonnummer('20121212+1212', TODAY)).toEqual({ ok: false, reason: 'date' });
    });
  });

  describe('birth number 000 (never issued)', () => {
    it.each([valid('121212', '000'), withSeparator(valid('121212', '000'), '-'), `19${valid('121212', '000')}`])('refuses %j', (input) => {
      expect(parsePersonnummer(input, TODAY)).toEqual({ ok: false, reason: 'format' });
    });

    it('accepts 001 and 999', () => {
      expect(parsePersonnummer(valid('121212', '001'), TODAY)).toMatchObject({ ok: true });
      expect(parsePersonnummer(valid('121212', '999'), TODAY)).toMatchObject({ ok: true });
    });
  });

  describe('rejections', () => {
    it.each([
      '',
      'abc',
      '12121-21212',
      '1212121-212',
      '121212--1212',
      '121212 1212',
      '121212/1212',
      '12121212121', // 11 digits
      '1912121212121', // 13 digits
      '１２１２１２-１２１２', // full-width digits
    ])('%j is a format error', (input) => {
      expect(parsePersonnummer(input, TODAY)).toEqual({ ok: false, reason: 'format' });
    });

    it('treats a non-string as a format error', () => {
      expect(parsePersonnummer(null as unknown as string, TODAY)).toEqual({ ok: false, reason: 'format' });
      expect(parsePersonnummer(1212121212 as unknown as string, TODAY)).toEqual({ ok: false, reason: 'format' });
    });

    it.each([
      ['a month 13', valid('121312')],
      ['month 00', valid('120012')],
      ['day 00', valid('121200')],
      ['30 February', valid('120230')],
      ['29 February in a common year', valid('130229')],
      ['samordningsnummer day 60 (day 00)', valid('701060')],
      ['samordningsnummer day 92 (day 32)', valid('701092')],
      ['samordningsnummer for 31 April', valid('700491')],
      ['a birth date later than today', withSeparator(valid('260316'), '-')],
      ['1900 is not a leap year', '19000229' + valid('000229').slice(6)],
      ['a twelve-digit birth date in the future', '2099' + valid('990101').slice(2)],
    ])('%s is a date error', (_what, input) => {
      expect(parsePersonnummer(input, TODAY)).toEqual({ ok: false, reason: 'date' });
    });

    it('accepts 29 February in leap years', () => {
      expect(parsePersonnummer(withSeparator(valid('280229'), '-'), '2030-01-01')).toMatchObject({ ok: true, birthDate: '2028-02-29' });
      expect(parsePersonnummer('20000229' + valid('000229').slice(6), TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    });

    it.each(['19121212-1213', '121212-1210', '701063-2390', '198112189875'])('%j has a wrong check digit', (input) => {
      expect(parsePersonnummer(input, TODAY)).toEqual({ ok: false, reason: 'checksum' });
    });

    it('rejects an invalid today', () => {
      expect(() => parsePersonnummer('121212-1212', '2026-02-30')).toThrow(/today/);
    });
  });

  describe('generated numbers', () => {
    it('accepts every generated valid number in all its forms, and rejects each wrong check digit', () => {
      let seed = 20260315;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      for (let i = 0; i < 300; i++) {
        const year = 1930 + random(95);
        const month = 1 + random(12);
        const day = 1 + random(28) + (random(4) === 0 ? 60 : 0);
        const yymmdd = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
        const ten = valid(yymmdd, String(1 + random(999)).padStart(3, '0'));
        const canonical = `${String(year).slice(0, 2)}${ten}`;
        for (const form of [ten, withSeparator(ten, '-'), canonical, `${canonical.slice(0, 8)}-${canonical.slice(8)}`]) {
          expect(parsePersonnummer(form, TODAY)).toMatchObject({ ok: true, canonical, coordinationNumber: day > 60 });
        }
        const wrong = `${ten.slice(0, 9)}${(Number(ten[9]) + 1 + random(9)) % 10}`;
        expect(parsePersonnummer(wrong, TODAY)).toEqual({ ok: false, reason: 'checksum' });
      }
    });
  });

  describe('never reveals the number', () => {
    it.each(['19121212-1213', '121312-1212', 'x191212121212', '701063-2390'])('%j', (input) => {
      const result = parsePersonnummer(input, TODAY);
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toMatch(/\d/);
      try {
        canonicalPersonnummer(input, TODAY);
        throw new Error('expected a throw');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidPersonnummerError);
        const thrown = error as InvalidPersonnummerError;
        expect(thrown.message).toMatch(/^Invalid personnummer \((format|date|checksum)\)$/);
        expect(`${thrown.message} ${thrown.stack} ${JSON.stringify(thrown)}`).not.toContain(input.replace(/\D/g, '').slice(-4));
      }
    });
  });
});

describe('canonicalPersonnummer', () => {
  it('gives the twelve-digit form', () => {
    expect(canonicalPersonnummer('121212-1212', TODAY)).toBe('201212121212');
    expect(canonicalPersonnummer('121212+1212', TODAY)).toBe('191212121212');
    expect(canonicalPersonnummer('701063-2391', TODAY)).toBe('197010632391');
  });

  it('throws with the reason', () => {
    expect(() => canonicalPersonnummer('121212-1213', TODAY)).toThrow(new InvalidPersonnummerError('checksum'));
    expect(() => canonicalPersonnummer('nope', TODAY)).toThrow('Invalid personnummer (format)');
  });
});

describe('maskPersonnummer', () => {
  it('keeps the birth date and hides the rest', () => {
    expect(maskPersonnummer('191212121212')).toBe('19121212-****');
    expect(maskPersonnummer('197010632391')).toBe('19701063-****');
  });

  it.each(['121212-1212', '19121212-1212', '1912121212123', ''])('refuses a non-canonical %j without echoing it', (input) => {
    expect(() => maskPersonnummer(input)).toThrow('maskPersonnummer expects a canonical twelve-digit personnummer');
  });
});
