import { hasValidLuhnDigit, luhnCheckDigit, withLuhnDigit } from './index';

describe('Luhn (modulus 10, weights 2 and 1)', () => {
  it.each([
    ['811218987', 6], // Skatteverket's worked example 811218-9876
    ['121212121', 2],
    ['701063239', 1],
    ['556677889', 9],
    ['000000000', 0],
  ])('the check digit of %s is %i', (digits, check) => {
    expect(luhnCheckDigit(digits)).toBe(check);
    expect(withLuhnDigit(digits)).toBe(`${digits}${check}`);
    expect(hasValidLuhnDigit(`${digits}${check}`)).toBe(true);
  });

  it('detects every single wrong check digit', () => {
    for (const nine of ['811218987', '121212121', '701063239', '556677889']) {
      const valid = withLuhnDigit(nine);
      for (let digit = 0; digit <= 9; digit++) {
        expect(hasValidLuhnDigit(`${nine}${digit}`)).toBe(`${nine}${digit}` === valid);
      }
    }
  });

  it('detects a single changed digit anywhere', () => {
    const valid = withLuhnDigit('811218987');
    for (let position = 0; position < 10; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        const changed = valid.slice(0, position) + digit + valid.slice(position + 1);
        if (changed !== valid) expect(hasValidLuhnDigit(changed)).toBe(false);
      }
    }
  });

  it('only checks ten digits', () => {
    expect(hasValidLuhnDigit('121212121')).toBe(false);
    expect(hasValidLuhnDigit('19121212121')).toBe(false);
    expect(hasValidLuhnDigit('121212-1212')).toBe(false);
  });

  it.each(['12121212', '1212121212', '12121212a', ''])('withLuhnDigit rejects %j without echoing it', (input) => {
    expect(() => withLuhnDigit(input)).toThrow('withLuhnDigit expects exactly nine digits');
  });
});
