import { checkCoverage, ConsentTerms, consentStatusOn, consentStatusToday, coveredCategories } from './coverage';

const L1 = '5561234567';
const L2 = '5569876543';

const consent = (overrides: Partial<ConsentTerms> = {}): ConsentTerms => ({
  id: 'c1',
  landlordOrgNumber: L1,
  categories: ['arrears_status', 'social_services_contact'],
  givenOn: '2026-03-01',
  validUntil: '2026-06-30',
  withdrawnOn: null,
  ...overrides,
});

describe('consentStatusOn', () => {
  it('is not yet valid before givenOn, valid from givenOn through validUntil, expired after', () => {
    const c = consent();
    expect(consentStatusOn(c, '2026-02-28')).toBe('not_yet_valid');
    expect(consentStatusOn(c, '2026-03-01')).toBe('valid');
    expect(consentStatusOn(c, '2026-06-30')).toBe('valid');
    expect(consentStatusOn(c, '2026-07-01')).toBe('expired');
  });

  it('shows a recorded withdrawal as withdrawn today, even one dated on the first day of a consent not valid yet', () => {
    const future = consent({ givenOn: '2026-05-01', withdrawnOn: '2026-05-01' });
    expect(consentStatusToday(future, '2026-04-01')).toBe('withdrawn');
    expect(consentStatusOn(future, '2026-04-01')).toBe('not_yet_valid');
    expect(consentStatusToday(consent(), '2026-04-01')).toBe('valid');
  });

  it('without validUntil is valid until withdrawn', () => {
    expect(consentStatusOn(consent({ validUntil: null }), '2036-01-01')).toBe('valid');
  });

  it('is withdrawn from the day of the withdrawal on (effect at once), and valid the day before', () => {
    const c = consent({ withdrawnOn: '2026-04-10' });
    expect(consentStatusOn(c, '2026-04-09')).toBe('valid');
    expect(consentStatusOn(c, '2026-04-10')).toBe('withdrawn');
    expect(consentStatusOn(c, '2026-08-01')).toBe('withdrawn');
  });
});

describe('checkCoverage', () => {
  const ask = (consents: ConsentTerms[], categories: ConsentTerms['categories'], on = '2026-04-01', landlordOrgNumber = L1) =>
    checkCoverage(consents, { landlordOrgNumber, on, categories });

  it('covers a request within the consented landlord, categories and dates, naming the consents used', () => {
    expect(ask([consent()], ['arrears_status'])).toEqual({ covered: true, consentIds: ['c1'], categories: ['arrears_status'] });
  });

  it('refuses when no consent names the landlord, missing everything asked', () => {
    const result = ask([consent()], ['arrears_status', 'household'], '2026-04-01', L2);
    expect(result).toMatchObject({ covered: false, reason: 'no_consent_for_landlord', missing: ['arrears_status', 'household'] });
  });

  it('refuses a category not consented, naming only what is missing', () => {
    const result = ask([consent()], ['arrears_status', 'repayment_plan']);
    expect(result).toMatchObject({ covered: false, reason: 'categories_not_covered', missing: ['repayment_plan'] });
    if (!result.covered) expect(result.detail).toContain('repayment_plan');
  });

  it('refuses outside the consent’s dates, saying why', () => {
    expect(ask([consent()], ['arrears_status'], '2026-07-01')).toMatchObject({
      covered: false,
      reason: 'consent_expired',
      missing: ['arrears_status'],
    });
    expect(ask([consent()], ['arrears_status'], '2026-02-01')).toMatchObject({ covered: false, reason: 'consent_not_yet_valid' });
  });

  it('refuses from the day of a withdrawal on, and covers the day before', () => {
    const withdrawn = consent({ withdrawnOn: '2026-04-01' });
    const result = ask([withdrawn], ['arrears_status'], '2026-04-01');
    expect(result).toMatchObject({ covered: false, reason: 'consent_withdrawn', missing: ['arrears_status'] });
    if (!result.covered) expect(result.detail).toContain('withdrawn on 2026-04-01');
    expect(ask([withdrawn], ['arrears_status'], '2026-03-31').covered).toBe(true);
  });

  it('adds up several valid consents for the same landlord, never those of another landlord', () => {
    const second = consent({ id: 'c2', categories: ['repayment_plan'] });
    const other = consent({ id: 'c3', landlordOrgNumber: L2, categories: ['household'] });
    expect(ask([consent(), second, other], ['arrears_status', 'repayment_plan'])).toEqual({
      covered: true,
      consentIds: ['c1', 'c2'],
      categories: ['arrears_status', 'repayment_plan'],
    });
    expect(ask([consent(), second, other], ['household'])).toMatchObject({
      covered: false,
      reason: 'categories_not_covered',
      missing: ['household'],
    });
  });

  it('ignores an expired consent next to a valid one', () => {
    const old = consent({ id: 'old', categories: ['household'], validUntil: '2026-03-15' });
    expect(ask([old, consent()], ['household'])).toMatchObject({
      covered: false,
      reason: 'categories_not_covered',
      missing: ['household'],
    });
  });

  it('lists the covered categories of a day in the fixed order', () => {
    const c = consent({ categories: ['household', 'arrears_status'] });
    expect(coveredCategories([c], L1, '2026-04-01')).toEqual({ consentIds: ['c1'], categories: ['arrears_status', 'household'] });
    expect(coveredCategories([c], L1, '2027-01-01')).toEqual({ consentIds: [], categories: [] });
  });
});
