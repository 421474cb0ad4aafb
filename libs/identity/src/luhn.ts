// The Luhn algorithm ("modulus 10 with weights 2 and 1"), which Skatteverket (folkbokföringslagen 18 §,
// SKV 704) and Bolagsverket use for the check digit of personnummer, samordningsnummer and organisationsnummer.

// SKV 704: the Luhn check digit for a string of digits, weighting the first digit 2, the next 1, and so on.
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const product = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

// Folkbokföringslagen 18 § / SKV 704: whether the last of ten digits is the right Luhn check digit.
export function hasValidLuhnDigit(tenDigits: string): boolean {
  return /^\d{10}$/.test(tenDigits) && luhnCheckDigit(tenDigits.slice(0, 9)) === Number(tenDigits[9]);
}

// SKV 704 check digit, for test factories: nine digits (YYMMDDNNN, or an organisationsnummer's first nine)
// followed by their Luhn check digit.
export function withLuhnDigit(nineDigits: string): string {
  if (!/^\d{9}$/.test(nineDigits)) throw new Error('withLuhnDigit expects exactly nine digits');
  return `${nineDigits}${luhnCheckDigit(nineDigits)}`;
}
