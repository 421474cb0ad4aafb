import { RefusalReason, ConsentStatus } from './coverage';
import { ConsentCategory, ConsentForm, ExchangeDirection, LiaisonSessionStatus } from './entities';

// The Swedish words for consent and liaison codes: the case page, the liaison pages, the landlord's agenda.

export const CATEGORY_SV: Readonly<Record<string, string>> = {
  arrears_status: 'Skuldläge',
  repayment_plan: 'Avbetalningsplan',
  social_services_contact: 'Kontakt med socialtjänsten',
  support_measures: 'Stödinsatser',
  household: 'Hushållet',
} satisfies Record<ConsentCategory, string>;

export const CONSENT_STATUS_SV: Readonly<Record<string, string>> = {
  valid: 'Gäller',
  expired: 'Har upphört',
  withdrawn: 'Återkallat',
  not_yet_valid: 'Gäller ännu inte',
} satisfies Record<ConsentStatus, string>;

export const CONSENT_FORM_SV: Readonly<Record<string, string>> = { written: 'Skriftligt', oral: 'Muntligt' } satisfies Record<
  ConsentForm,
  string
>;

export const EXCHANGE_DIRECTION_SV: Readonly<Record<string, string>> = {
  to_landlord: 'Till hyresvärden',
  from_landlord: 'Från hyresvärden',
} satisfies Record<ExchangeDirection, string>;

export const SESSION_STATUS_SV: Readonly<Record<string, string>> = {
  planned: 'Planerat',
  held: 'Hållet',
  cancelled: 'Inställt',
} satisfies Record<LiaisonSessionStatus, string>;

/** Why consent does not cover an exchange (403 CONSENT_MISSING's reason). */
export const CONSENT_REFUSAL_SV: Readonly<Record<string, string>> = {
  no_consent_for_landlord: 'Det finns inget samtycke för den här hyresvärden.',
  categories_not_covered: 'Samtycket för den här hyresvärden täcker inte alla uppgifter.',
  consent_withdrawn: 'Samtycket för den här hyresvärden är återkallat.',
  consent_expired: 'Samtycket för den här hyresvärden har gått ut.',
  consent_not_yet_valid: 'Samtycket för den här hyresvärden gäller inte än.',
} satisfies Record<RefusalReason, string>;
