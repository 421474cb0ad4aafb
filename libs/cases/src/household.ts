// Pure rules about households: how names are searched and when two addresses are the same apartment.

/** A name as search compares it: lower case, accents removed (é → e, å → a), spaces collapsed. */
export function nameSearchKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface AddressParts {
  street: string | null;
  postalCode: string | null;
  apartment: string | null;
}

const norm = (value: string | null): string => (value ?? '').toLowerCase().replace(/\s+/g, ' ').trim();

/** The same street, postal code and apartment (case and spacing aside): the same home. */
export function sameAddress(a: AddressParts, b: AddressParts): boolean {
  return (
    norm(a.street) === norm(b.street) &&
    norm(a.postalCode).replace(/ /g, '') === norm(b.postalCode).replace(/ /g, '') &&
    norm(a.apartment) === norm(b.apartment)
  );
}

/**
 * SQL: the other open cases of the district in the same apartment as case `alias` (same street,
 * postal code and apartment number; through ix_household_case_apartment). Two households in one
 * apartment are flagged on both cases and on the agenda.
 */
export const sharedApartmentSql = (alias: string): string => `
  SELECT o.id FROM household_case o
   WHERE o.district_code = ${alias}.district_code AND o.status = 'open' AND o.apartment IS NOT NULL
     AND lower(o.street) = lower(${alias}.street) AND o.postal_code = ${alias}.postal_code
     AND lower(o.apartment) = lower(${alias}.apartment) AND o.id <> ${alias}.id`;
