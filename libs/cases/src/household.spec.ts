import { nameSearchKey, sameAddress } from './household';

describe('household rules', () => {
  it('searches names without case or accents', () => {
    expect(nameSearchKey('  Åsa  ÖSTLÜND-Éclair ')).toBe('asa ostlund-eclair');
    expect(nameSearchKey('Zoë Pålsson')).toBe(nameSearchKey('zoe palsson'));
  });

  it('compares addresses as homes: street, postal code and apartment, case and spacing aside', () => {
    const home = { street: 'Palmvägen 3', postalCode: '123 45', apartment: '1101' };
    expect(sameAddress(home, { street: 'palmvägen  3', postalCode: '12345', apartment: '1101' })).toBe(true);
    expect(sameAddress(home, { ...home, apartment: '1102' })).toBe(false);
    expect(sameAddress(home, { ...home, street: 'Palmvägen 5' })).toBe(false);
  });
});
