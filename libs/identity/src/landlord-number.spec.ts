import { isPersonalLandlordNumber, landlordNumberDisplay, parseLandlordNumber, withLuhnDigit } from './index';

const TODAY = '2026-03-15';

describe('parseLandlordNumber', () => {
  it('takes an organisationsnummer as it is', () => {
    expect(parseLandlordNumber('556677-8899', TODAY)).toEqual({
      ok: true,
      canonical: '5566778899',
      display: '556677-8899',
      personal: false,
    });
  });

  it("accepts a sole trader's personnummer, canonical in twelve digits and masked for display", () => {
    expect(parseLandlordNumber('121212-1212', TODAY)).toEqual({
      ok: true,
      canonical: '201212121212',
      display: '20121212-****',
      personal: true,
    });
    expect(parseLandlordNumber('19121212-1212', TODAY)).toMatchObject({ ok: true, canonical: '191212121212', personal: true });
  });

  it('refuses what is neither, with the organisationsnummer reason', () => {
    expect(parseLandlordNumber('121212-1213', TODAY)).toEqual({ ok: false, reason: 'third_digit' });
    expect(parseLandlordNumber(withLuhnDigit('056677889'), TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(parseLandlordNumber('556677-8898', TODAY)).toEqual({ ok: false, reason: 'checksum' });
  });

  it('shows a stored number: the organisation in full, the person masked', () => {
    expect(landlordNumberDisplay('5566778899')).toBe('556677-8899');
    expect(landlordNumberDisplay('201212121212')).toBe('20121212-****');
    expect(isPersonalLandlordNumber('201212121212')).toBe(true);
    expect(isPersonalLandlordNumber('5566778899')).toBe(false);
  });
});
