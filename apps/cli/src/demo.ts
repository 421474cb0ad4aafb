import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, addWeeks, dayOfWeek, maxDate, parseTerm, previousTermCode, termOf } from '@bosam/calendar';
import {
  BalanceSource,
  CaseOutcome,
  CasesService,
  ContactChannel,
  ContactOutcome,
  FollowUpService,
  NotificationSource,
} from '@bosam/cases';
import { withLuhnDigit } from '@bosam/identity';
import { EvaluationService } from '@bosam/evaluation';
import { IntakeService, NotificationsService } from '@bosam/intake';
import { ConsentsService, LiaisonService } from '@bosam/landlords';
import { MeetingsService } from '@bosam/meetings';
import { Actor, SYSTEM_ACTOR } from '@bosam/platform';
import { SetupService } from '@bosam/setup';

export const DEMO_DISTRICT = 'SKARP';

/** The units of a Stockholm district's social services (Skarpnäck's, as in the Bosam description). */
const UNITS: Array<[string, string]> = [
  ['MOTT', 'Mottagningen vuxen'],
  ['EKB', 'Ekonomiskt bistånd'],
  ['VUX', 'Vuxenenheten (missbruk)'],
  ['BOF', 'Barn och familj'],
  ['SOCPSYK', 'Socialpsykiatri'],
  ['BOST', 'Boendestöd'],
  ['ALD', 'Äldreomsorgens biståndsenhet'],
  ['FUNK', 'Funktionsnedsättning'],
];

/** Stockholm's municipal housing companies, and one private landlord. Organisationsnummer with valid check digits. */
export const DEMO_LANDLORDS: Array<{ orgNumber: string; name: string; municipal: boolean }> = [
  { orgNumber: '556035-9555', name: 'AB Familjebostäder', municipal: true },
  { orgNumber: '556043-6429', name: 'AB Stockholmshem', municipal: true },
  { orgNumber: '556000-7576', name: 'AB Svenska Bostäder', municipal: true },
  { orgNumber: '556703-3526', name: 'Exempelfastigheter AB', municipal: false },
];

const MANDATES: Array<[string, string]> = [
  ['MOTT', 'Maria Lind'],
  ['EKB', 'Johan Berg'],
  ['VUX', 'Sara Ek'],
  ['BOF', 'Lena Holm'],
  ['SOCPSYK', 'Ahmed Karimi'],
  ['BOST', 'Eva Sjöberg'],
];

/** Loads the demo district into an empty database. Test identity numbers only. */
export async function loadDemo(app: INestApplicationContext, today: string): Promise<void> {
  const setup = app.get(SetupService);
  const admin: Actor = { ...SYSTEM_ACTOR, role: 'admin', district: DEMO_DISTRICT };
  await setup.createDistrict(admin, { code: DEMO_DISTRICT, name: 'Skarpnäcks stadsdelsförvaltning' });
  for (const [code, name] of UNITS) await setup.createUnit(admin, DEMO_DISTRICT, { code, name });
  const year = today.slice(0, 4);
  for (const [unit, person] of MANDATES) {
    await setup.createMandate(admin, DEMO_DISTRICT, unit, { person, validFrom: `${year}-01-01`, validUntil: `${Number(year) + 1}-12-31` });
  }
  for (const landlord of DEMO_LANDLORDS) {
    if (!(await setup.findLandlord(landlord.orgNumber))) await setup.createLandlord(admin, landlord);
  }
  await loadDemoCases(app, today);
  await loadDemoMeetings(app, today);
  await loadDemoLandlordWork(app, today);
  await loadDemoLiaisonAndFollowUp(app, today);
  // The web interface's sign-in page offers the demo's people only for a district loaded as the demo.
  await app.get(DataSource).query('INSERT INTO demo_district (district_code) VALUES ($1) ON CONFLICT DO NOTHING', [DEMO_DISTRICT]);
}

/**
 * A liaison session held this term (attendance per landlord, an exchange tied to it, so its agenda has a
 * general part and a consented case), and the previous term's evaluation: its targets and decisions,
 * followed up (done, dropped, still open) at this term's evaluation, plus a target for one unit.
 */
async function loadDemoLiaisonAndFollowUp(app: INestApplicationContext, today: string): Promise<void> {
  const coordinator: Actor = { sub: 'demo-coordinator', name: 'Demo Samordnare', role: 'coordinator', district: DEMO_DISTRICT };
  const term = parseTerm(termOf(today));
  const heldOn = maxDate(term.from, addDays(today, -7));
  const municipal = DEMO_LANDLORDS.filter((l) => l.municipal);
  const liaison = app.get(LiaisonService);
  const session = await liaison.create(coordinator, {
    district: DEMO_DISTRICT,
    on: heldOn,
    landlordOrgNumbers: municipal.map((l) => l.orgNumber),
  });
  const people: Record<string, string[]> = {
    [municipal[0].orgNumber]: ['Karin Åström, förvaltare', 'Olle Berg, kundansvarig'],
    [municipal[1].orgNumber]: ['Mona Lind, hyresadministratör'],
    [municipal[2].orgNumber]: [],
  };
  await liaison.recordAttendance(
    coordinator,
    session.id,
    { landlords: municipal.map((l) => ({ landlordOrgNumber: l.orgNumber, attendees: people[l.orgNumber] ?? [] })) },
    today,
  );
  // What was shared at the session, for the consented households: their arrears, tied to the session (and its date).
  const consented: Array<{ case_id: string; org_number: string }> = await app.get(DataSource).query(
    `SELECT k.case_id, l.org_number FROM consent k JOIN landlord l ON l.id = k.landlord_id
      WHERE k.district_code = $1 AND k.given_on <= $2 AND k.withdrawn_on IS NULL AND 'arrears_status' = ANY(k.categories) ORDER BY k.given_on LIMIT 2`,
    [DEMO_DISTRICT, heldOn],
  );
  for (const row of consented) {
    await app.get(ConsentsService).recordExchange(
      coordinator,
      {
        caseId: row.case_id,
        landlordOrgNumber: `${row.org_number.slice(0, 6)}-${row.org_number.slice(6)}`,
        sessionId: session.id,
        direction: 'to_landlord',
        categories: ['arrears_status'],
        summary: 'Skuldläget gicks igenom; hyresvärden avvaktar med ansökan om avhysning i två veckor.',
      },
      today,
    );
  }

  const evaluation = app.get(EvaluationService);
  const previous = previousTermCode(term.code);
  await evaluation.setTargets(coordinator, DEMO_DISTRICT, previous, {
    targets: [
      { indicator: 'evictionsAffectingChildren', comparator: '<=', value: 0 },
      { indicator: 'shareFirstContactWithin14Days', comparator: '>=', value: 0.8 },
      { indicator: 'nextStepsOverdue', unit: 'EKB', comparator: '<=', value: 2 },
    ],
  });
  const decisions: Array<[text: string, owner: string, status: 'done' | 'dropped' | 'open']> = [
    ['Hembesök inom 14 dagar för alla hushåll med barn som inte svarat på brev', 'Enhetschef Barn och familj', 'done'],
    ['Gemensam samtyckesblankett med de kommunala bostadsbolagen', 'Samordnare Bosam', 'open'],
    ['Egen kölista för förtur till boendestöd', 'Enhetschef Boendestöd', 'dropped'],
  ];
  for (const [text, owner, status] of decisions) {
    const decision = await evaluation.addDecision(coordinator, DEMO_DISTRICT, previous, { text, owner, dueOn: addDays(term.from, 60) });
    if (status !== 'open') await evaluation.setDecisionStatus(coordinator, decision.id, { status }, today);
  }
}

/**
 * Consents for three households with a municipal landlord, a liaison session with the municipal
 * landlords in three weeks, and this term's targets (the zero vision first).
 */
async function loadDemoLandlordWork(app: INestApplicationContext, today: string): Promise<void> {
  const coordinator: Actor = { sub: 'demo-coordinator', name: 'Demo Samordnare', role: 'coordinator', district: DEMO_DISTRICT };
  const rows: Array<{ id: string; org_number: string }> = await app.get(DataSource).query(
    `SELECT c.id, l.org_number FROM household_case c JOIN landlord l ON l.id = c.landlord_id
      WHERE c.district_code = $1 AND c.status = 'open' AND l.municipal AND NOT c.protected_identity
      ORDER BY c.children_in_household DESC, c.opened_on LIMIT 3`,
    [DEMO_DISTRICT],
  );
  const consents = app.get(ConsentsService);
  for (const [index, row] of rows.entries()) {
    await consents.create(
      coordinator,
      row.id,
      {
        landlordOrgNumber: row.org_number,
        categories:
          index === 0 ? ['arrears_status', 'social_services_contact', 'support_measures'] : ['arrears_status', 'social_services_contact'],
        givenOn: addDays(today, -10 - index),
        validUntil: addDays(today, 180),
        form: index === 2 ? 'oral' : 'written',
        documentedBy: 'Maria Lind',
      },
      today,
    );
  }
  await app.get(LiaisonService).create(coordinator, {
    district: DEMO_DISTRICT,
    on: addDays(today, 21),
    landlordOrgNumbers: DEMO_LANDLORDS.filter((l) => l.municipal).map((l) => l.orgNumber),
  });
  await app.get(EvaluationService).setTargets(coordinator, DEMO_DISTRICT, termOf(today), {
    targets: [
      { indicator: 'evictionsAffectingChildren', comparator: '<=', value: 0 },
      { indicator: 'evictionsCarriedOut', comparator: '<=', value: 0 },
      { indicator: 'shareReached', comparator: '>=', value: 0.8 },
      { indicator: 'medianDaysToFirstContact', comparator: '<=', value: 14 },
    ],
  });
}

/** The fortnightly Bosam meetings: Tuesdays at 09:00 from the coming Tuesday, for twelve weeks. */
async function loadDemoMeetings(app: INestApplicationContext, today: string): Promise<void> {
  const coordinator: Actor = { sub: 'demo-coordinator', name: 'Demo Samordnare', role: 'coordinator', district: DEMO_DISTRICT };
  const firstOn = addDays(today, (2 - dayOfWeek(today) + 7) % 7 || 7);
  await app
    .get(MeetingsService)
    .createSeries(coordinator, DEMO_DISTRICT, { firstOn, time: '09:00', everyWeeks: 2, until: addWeeks(firstOn, 12) });
}

// ---------------------------------------------------------------------------------------------
// Demo households: every state the agenda and the case views need, dated relative to `today` so
// the demo always looks current. Loaded through IntakeService and CasesService, so they are real
// (deadlines, matching, recurrence, timeline, audit). Fictional people; test identity numbers only.

/** A test personnummer (birth number 98x–99x) or samordningsnummer (day + 60), canonical 12 digits. */
function testNumber(born: string, serial: number, coordination = false): string {
  const day = Number(born.slice(8, 10)) + (coordination ? 60 : 0);
  return `${born.slice(0, 2)}${withLuhnDigit(`${born.slice(2, 4)}${born.slice(5, 7)}${String(day).padStart(2, '0')}${serial}`)}`;
}

type Landlord = 'FB' | 'SH' | 'SB' | 'EX';
const LANDLORD_OF: Record<Landlord, string> = {
  FB: DEMO_LANDLORDS[0].orgNumber,
  SH: DEMO_LANDLORDS[1].orgNumber,
  SB: DEMO_LANDLORDS[2].orgNumber,
  EX: DEMO_LANDLORDS[3].orgNumber,
};

interface DemoNotice {
  source: NotificationSource;
  /** Received this many days before today. */
  ago: number;
  landlord?: Landlord;
  /** Days before today; null when the notice does not say (the deadline is then estimated). */
  served?: number | null;
  board?: number | null;
  /** Eviction date, days after today. */
  evictionIn?: number;
  arrears?: number;
  months?: number;
  /** Tenants named, by index into the household's tenants (default: all). */
  names?: number[];
}

interface DemoHousehold {
  tenants: Array<[name: string, born: string, serial: number, coordination?: boolean]>;
  address: [street: string, postalCode: string, city: string, apartment: string];
  children: number;
  protectedIdentity?: boolean;
  notices: DemoNotice[];
  units?: string[];
  contacts?: Array<[ago: number, channel: ContactChannel, reached: boolean, outcome?: ContactOutcome, note?: string]>;
  close?: [ago: number, outcome: CaseOutcome];
  /** Following the case between meetings: balances recorded, repayment plans, disturbances. */
  balances?: Array<[ago: number, arrears: number, source: BalanceSource]>;
  plans?: Array<{ ago: number; landlord: Landlord; monthly: number; firstDueAgo: number; then?: [ago: number, status: 'kept' | 'broken'] }>;
  disturbances?: Array<[ago: number, landlord: Landlord, category: string]>;
  disturbancesEndedAgo?: number;
  /** The landlord sends the missing service date later: the first notice is amended and its deadline computed again. */
  amendServedAgo?: [ago: number, served: number];
}

const HOUSEHOLDS: DemoHousehold[] = [
  // New and urgent: recovery windows that end within the next weeks, families first.
  {
    tenants: [
      ['Rami Haddad', '1984-03-14', 981],
      ['Lina Haddad', '1987-09-02', 982],
    ],
    address: ['Skarpnäcks allé 12', '128 33', 'Skarpnäck', '1102'],
    children: 3,
    notices: [{ source: 'landlord_arrears', ago: 3, landlord: 'FB', served: 6, board: 5, arrears: 18450, months: 2 }],
    units: ['EKB', 'BOF'],
  },
  {
    tenants: [['Anna Lindqvist', '1979-11-23', 983]],
    address: ['Flatenvägen 21', '128 44', 'Bagarmossen', '1201'],
    children: 0,
    notices: [{ source: 'landlord_arrears', ago: 8, landlord: 'SH', served: 12, board: 11, arrears: 9870, months: 1 }],
  },
  {
    tenants: [['Emma Karlsson', '1995-07-30', 984]],
    address: ['Lagaplan 4', '128 38', 'Skarpnäck', '1003'],
    children: 1,
    // The landlord did not say when the tenant was served: the window was estimated and flagged. The
    // service date came the day after, later than the notice: amended, and the window computed again.
    notices: [{ source: 'landlord_arrears', ago: 2, landlord: 'SB', served: null, board: 3, arrears: 6200, months: 1 }],
    amendServedAgo: [0, 1],
  },
  {
    tenants: [['Thanh Nguyen', '1985-11-11', 985]],
    address: ['Horisontvägen 40', '128 34', 'Skarpnäck', '1304'],
    children: 3,
    notices: [{ source: 'landlord_arrears', ago: 16, landlord: 'FB', served: 19, board: 18, arrears: 11250, months: 2 }],
    units: ['EKB'],
    contacts: [
      [14, 'letter', false],
      [9, 'phone', true],
    ],
  },
  {
    tenants: [['Alexander Nyström', '2001-09-09', 986]],
    address: ['Ljusnevägen 7', '128 48', 'Bagarmossen', '1001'],
    children: 0,
    notices: [{ source: 'landlord_arrears', ago: 10, landlord: 'SH', served: 13, board: 12, arrears: 4100, months: 1 }],
    units: ['MOTT'],
  },
  {
    tenants: [['Anders Wikström', '1970-03-21', 987]],
    address: ['Byälvsvägen 156', '128 45', 'Bagarmossen', '1102'],
    children: 0,
    notices: [{ source: 'landlord_arrears', ago: 13, landlord: 'EX', served: 15, board: null, arrears: 10500, months: 2 }],
  },
  {
    tenants: [['Hanna Svensson', '1998-12-12', 988]],
    address: ['Pilutterivägen 3', '128 32', 'Skarpnäck', '1203'],
    children: 0,
    // A notice of arrears with no amount: flagged for the meeting.
    notices: [{ source: 'landlord_arrears', ago: 1, landlord: 'SB', served: 4, board: 2, arrears: 0, months: 1 }],
  },
  {
    tenants: [['Andrzej Nowak', '1986-08-14', 989, true]],
    address: ['Kärrtorpsvägen 18', '121 52', 'Johanneshov', '1101'],
    children: 0,
    notices: [{ source: 'landlord_arrears', ago: 15, landlord: 'EX', served: 17, board: 16, arrears: 7300, months: 1 }],
    units: ['EKB'],
  },
  // A protected identity: the address stays in the case detail.
  {
    tenants: [['Sara Nordin', '1989-04-27', 990]],
    address: ['Karlskronavägen 9', '121 52', 'Johanneshov', '1402'],
    children: 2,
    protectedIdentity: true,
    notices: [{ source: 'landlord_arrears', ago: 5, landlord: 'FB', served: 8, board: 7, arrears: 14300, months: 2 }],
    units: ['BOF', 'EKB'],
  },
  {
    tenants: [['Mikael Strand', '1975-01-19', 991]],
    address: ['Finn Malmgrens väg 5', '121 61', 'Johanneshov', '1002'],
    children: 0,
    protectedIdentity: true,
    notices: [{ source: 'landlord_disturbance', ago: 18, landlord: 'SH' }],
    units: ['VUX'],
  },
  // Kronofogden: eviction dates within four weeks.
  {
    tenants: [['Mohamed Yusuf', '1990-05-05', 992]],
    address: ['Tallkrogsvägen 30', '122 60', 'Enskede', '1103'],
    children: 2,
    notices: [
      { source: 'landlord_arrears', ago: 75, landlord: 'FB', served: 80, board: 79, arrears: 32100, months: 4 },
      { source: 'enforcement_application', ago: 40, landlord: 'FB', arrears: 35400, months: 5 },
      { source: 'enforcement_eviction_date', ago: 6, landlord: 'FB', evictionIn: 9 },
    ],
    units: ['EKB', 'BOF', 'MOTT'],
    contacts: [
      [70, 'letter', false],
      [62, 'phone', false],
      [55, 'home_visit', true],
      [5, 'phone', true],
    ],
  },
  {
    tenants: [['Maria Gonzalez', '1976-02-11', 993]],
    address: ['Skarpnäcks allé 48', '128 33', 'Skarpnäck', '1204'],
    children: 1,
    notices: [
      { source: 'landlord_arrears', ago: 90, landlord: 'SB', served: 94, board: 93, arrears: 41200, months: 5 },
      { source: 'enforcement_eviction_date', ago: 7, landlord: 'SB', evictionIn: 20 },
    ],
    units: ['EKB', 'BOF'],
    contacts: [
      [85, 'letter', true],
      [20, 'meeting', true],
    ],
  },
  {
    tenants: [['Ahmed Karim', '1978-07-07', 994]],
    address: ['Horisontvägen 12', '128 34', 'Skarpnäck', '1001'],
    children: 1,
    notices: [{ source: 'enforcement_application', ago: 5, landlord: 'SH', arrears: 38000, months: 6 }],
  },
  // Follow-up: remaining debt, disturbances.
  {
    tenants: [['Fatima Omar', '1983-06-21', 995]],
    address: ['Ljusnevägen 21', '128 48', 'Bagarmossen', '1302'],
    children: 4,
    notices: [
      { source: 'landlord_arrears', ago: 50, landlord: 'FB', served: 54, board: 53, arrears: 27600, months: 3 },
      { source: 'enforcement_application', ago: 20, landlord: 'FB', arrears: 29800, months: 4 },
    ],
    units: ['EKB', 'BOF', 'MOTT'],
    contacts: [
      [48, 'phone', false],
      [45, 'home_visit', true, 'home_visit_made', 'Träffade familjen; ansökan om ekonomiskt bistånd påbörjad.'],
    ],
    // A repayment plan agreed with the landlord, broken this week: back on the next agenda.
    plans: [{ ago: 38, landlord: 'FB', monthly: 2500, firstDueAgo: 30, then: [3, 'broken'] }],
  },
  {
    tenants: [['Per Sjögren', '1958-02-17', 996]],
    address: ['Flatenvägen 3', '128 44', 'Bagarmossen', '1001'],
    children: 0,
    notices: [
      { source: 'landlord_disturbance', ago: 40, landlord: 'SB' },
      { source: 'landlord_disturbance', ago: 12, landlord: 'SB' },
    ],
    units: ['VUX', 'SOCPSYK'],
    contacts: [
      [38, 'letter', false],
      [30, 'via_landlord', true],
    ],
    // The landlord reports no more disturbances: with no debt, the case leaves follow-up by itself.
    disturbancesEndedAgo: 4,
  },
  {
    tenants: [['Linda Ek', '1992-03-03', 997]],
    address: ['Pilutterivägen 17', '128 32', 'Skarpnäck', '1101'],
    children: 2,
    notices: [
      { source: 'landlord_disturbance', ago: 35, landlord: 'SH' },
      { source: 'landlord_arrears', ago: 22, landlord: 'SH', served: 25, board: 24, arrears: 5400, months: 1 },
    ],
    units: ['BOF', 'VUX'],
    contacts: [[33, 'phone', true]],
  },
  {
    tenants: [['Gunnar Holm', '1941-01-30', 998]],
    address: ['Byälvsvägen 90', '128 45', 'Bagarmossen', '1003'],
    children: 0,
    notices: [{ source: 'landlord_arrears', ago: 25, landlord: 'FB', served: 28, board: 27, arrears: 3200, months: 1 }],
    units: ['ALD'],
    contacts: [[23, 'home_visit', true]],
    // The debt paid down (ekonomiskt bistånd, then the last of it by the client): out of follow-up.
    balances: [
      [18, 1200, 'financial_aid'],
      [8, 0, 'client'],
    ],
  },
  {
    tenants: [['Birgitta Ström', '1955-10-25', 999]],
    address: ['Lagaplan 11', '128 38', 'Skarpnäck', '1402'],
    children: 0,
    notices: [{ source: 'landlord_arrears', ago: 65, landlord: 'SH', served: 68, board: 67, arrears: 19900, months: 3 }],
    units: ['EKB', 'ALD'],
    contacts: [
      [63, 'phone', false],
      [58, 'phone', false],
      [51, 'home_visit', true],
    ],
    // A repayment plan kept to the end; the landlord's statement shows what is left.
    plans: [{ ago: 50, landlord: 'SH', monthly: 2000, firstDueAgo: 45, then: [10, 'kept'] }],
    balances: [[10, 7900, 'landlord']],
  },
  {
    tenants: [['Sofia Petrović', '1991-02-28', 980]],
    address: ['Kärrtorpsvägen 40', '121 52', 'Johanneshov', '1203'],
    children: 1,
    notices: [{ source: 'landlord_arrears', ago: 30, landlord: 'EX', served: 33, board: 32, arrears: 8800, months: 2 }],
    contacts: [[28, 'letter', true]],
  },
  {
    tenants: [['Omar Ali', '1994-01-17', 981]],
    address: ['Horisontvägen 2', '128 34', 'Skarpnäck', '1101'],
    children: 0,
    notices: [{ source: 'landlord_disturbance', ago: 3, landlord: 'SH' }],
    disturbances: [[1, 'SH', 'oljud nattetid']],
  },
  // A couple whose two notices each name one of them: two open cases for one apartment, flagged on both
  // for the meeting to merge.
  {
    tenants: [
      ['Erik Palm', '1980-04-04', 982],
      ['Johanna Palm', '1982-08-08', 983],
    ],
    address: ['Finn Malmgrens väg 19', '121 61', 'Johanneshov', '1304'],
    children: 2,
    notices: [
      { source: 'landlord_arrears', ago: 45, landlord: 'FB', served: 48, board: 47, arrears: 15800, months: 2, names: [0] },
      { source: 'landlord_arrears', ago: 9, landlord: 'FB', served: 12, board: 11, arrears: 21300, months: 3, names: [1] },
    ],
    units: ['EKB', 'BOF'],
    contacts: [[40, 'phone', true]],
  },
  // A secondary contract (socialt kontrakt) of the municipality itself.
  {
    tenants: [['Kenneth Lund', '1967-05-19', 984]],
    address: ['Tallkrogsvägen 8', '122 60', 'Enskede', '1002'],
    children: 0,
    notices: [{ source: 'other', ago: 4, arrears: 12000, months: 2 }],
    units: ['SOCPSYK', 'BOST'],
  },
  // A recurrence: the household came back after its case was closed.
  {
    tenants: [['Jonas Berg', '1972-12-01', 985]],
    address: ['Skarpnäcks allé 30', '128 33', 'Skarpnäck', '1001'],
    children: 1,
    notices: [
      { source: 'landlord_arrears', ago: 210, landlord: 'SB', served: 215, board: 214, arrears: 11000, months: 2 },
      { source: 'landlord_arrears', ago: 6, landlord: 'SB', served: 9, board: 8, arrears: 8900, months: 2 },
    ],
    units: ['EKB'],
    contacts: [[205, 'phone', true]],
    close: [170, 'agreement'],
  },
  // Closed cases.
  {
    tenants: [['Kerstin Åberg', '1949-04-09', 986]],
    address: ['Flatenvägen 33', '128 44', 'Bagarmossen', '1102'],
    children: 0,
    notices: [{ source: 'landlord_arrears', ago: 120, landlord: 'FB', served: 124, board: 123, arrears: 4500, months: 1 }],
    units: ['ALD'],
    contacts: [[118, 'home_visit', true]],
    close: [90, 'lease_kept'],
  },
  {
    tenants: [['Lars Nilsson', '1962-09-15', 987]],
    address: ['Ljusnevägen 2', '128 48', 'Bagarmossen', '1201'],
    children: 0,
    notices: [{ source: 'landlord_arrears', ago: 80, landlord: 'SH', served: 83, board: 82, arrears: 13700, months: 2 }],
    units: ['EKB'],
    contacts: [[78, 'phone', true]],
    close: [55, 'commitment_given'],
  },
  {
    tenants: [['Ali Hassan', '1988-10-10', 988]],
    address: ['Karlskronavägen 21', '121 52', 'Johanneshov', '1001'],
    children: 0,
    notices: [{ source: 'enforcement_application', ago: 100, landlord: 'EX', arrears: 24500, months: 4 }],
    contacts: [
      [95, 'letter', false],
      [88, 'home_visit', false],
    ],
    close: [40, 'moved'],
  },
];

/** The demo households, loaded through the intake and the case service as a coordinator would. */
export async function loadDemoCases(app: INestApplicationContext, today: string): Promise<string[]> {
  const intake = app.get(IntakeService, { strict: false });
  const cases = app.get(CasesService, { strict: false });
  const followUp = app.get(FollowUpService, { strict: false });
  const notifications = app.get(NotificationsService, { strict: false });
  const coordinator: Actor = { sub: 'demo-loader', name: 'Demo', role: 'coordinator', district: DEMO_DISTRICT };
  const caseIds: string[] = [];
  let reference = 0;
  for (const household of HOUSEHOLDS) {
    const tenants = household.tenants.map(([name, born, serial, coordination]) => ({
      name,
      personnummer: testNumber(born, serial, coordination),
    }));
    type Step = { ago: number; order: number; run: () => Promise<void> };
    let caseId = '';
    let firstNotificationId = '';
    const steps: Step[] = [
      ...household.notices.map((notice, index): Step => ({
        ago: notice.ago,
        order: 0,
        run: async () => {
          reference += 1;
          const received = addDays(today, -notice.ago);
          const sender = notice.source.startsWith('enforcement') ? 'KFM' : (notice.landlord ?? 'SOC');
          const { receipt } = await intake.receive(
            coordinator,
            {
              district: DEMO_DISTRICT,
              source: notice.source,
              externalReference: `${sender}-${received.slice(0, 4)}-${String(10000 + reference * 37).slice(-5)}`,
              landlordOrgNumber: notice.landlord ? LANDLORD_OF[notice.landlord] : null,
              receivedOn: received,
              tenantServedOn: notice.served == null ? null : addDays(today, -notice.served),
              boardNotifiedOn: notice.board == null ? null : addDays(today, -notice.board),
              evictionOn: notice.evictionIn === undefined ? null : addDays(today, notice.evictionIn),
              arrearsSek: notice.arrears ?? null,
              monthsInArrears: notice.months ?? null,
              address: {
                street: household.address[0],
                postalCode: household.address[1],
                city: household.address[2],
                apartment: household.address[3],
              },
              tenants: notice.names ? notice.names.map((i) => tenants[i]) : tenants,
              childrenInHousehold: household.children,
              protectedIdentity: household.protectedIdentity ?? false,
            },
            { today },
          );
          caseId = receipt.caseId;
          if (index === 0) firstNotificationId = receipt.id;
          if (receipt.newCase) caseIds.push(caseId);
          if (index === 0 && household.units) await cases.setUnits(coordinator, caseId, { units: household.units });
        },
      })),
      ...(household.contacts ?? []).map(([ago, channel, reached, outcome, note]): Step => ({
        ago,
        order: 1,
        run: async () =>
          void (await cases.addContact(coordinator, caseId, { on: addDays(today, -ago), channel, reached, outcome, note }, today)),
      })),
      ...(household.balances ?? []).map(([ago, arrearsSek, source]): Step => ({
        ago,
        order: 1,
        run: async () => void (await followUp.recordBalance(coordinator, caseId, { on: addDays(today, -ago), arrearsSek, source }, today)),
      })),
      ...(household.plans ?? []).flatMap((plan): Step[] => {
        let planId = '';
        const agreed: Step = {
          ago: plan.ago,
          order: 1,
          run: async () => {
            planId = (
              await followUp.addRepaymentPlan(
                coordinator,
                caseId,
                {
                  landlordOrgNumber: LANDLORD_OF[plan.landlord],
                  monthlySek: plan.monthly,
                  firstDueOn: addDays(today, -plan.firstDueAgo),
                  agreedOn: addDays(today, -plan.ago),
                },
                today,
              )
            ).id;
          },
        };
        const then = plan.then;
        if (!then) return [agreed];
        return [
          agreed,
          {
            ago: then[0],
            order: 1,
            run: async () =>
              void (await followUp.setRepaymentPlanStatus(coordinator, planId, { status: then[1], on: addDays(today, -then[0]) }, today)),
          },
        ];
      }),
      ...(household.disturbances ?? []).map(([ago, landlord, category]): Step => ({
        ago,
        order: 1,
        run: async () =>
          void (await followUp.reportDisturbance(
            coordinator,
            caseId,
            { on: addDays(today, -ago), landlordOrgNumber: LANDLORD_OF[landlord], category },
            today,
          )),
      })),
      ...(household.amendServedAgo === undefined
        ? []
        : [
            {
              ago: household.amendServedAgo[0],
              order: 1,
              run: async () =>
                void (await notifications.amend(
                  coordinator,
                  firstNotificationId,
                  {
                    reason: 'Hyresvärden skickade delgivningsdatum i efterhand',
                    changes: { tenantServedOn: addDays(today, -household.amendServedAgo![1]) },
                  },
                  today,
                )),
            },
          ]),
      ...(household.disturbancesEndedAgo === undefined
        ? []
        : [
            {
              ago: household.disturbancesEndedAgo,
              order: 1,
              run: async () =>
                void (await followUp.endDisturbances(coordinator, caseId, { on: addDays(today, -household.disturbancesEndedAgo!) }, today)),
            },
          ]),
      ...(household.close
        ? [
            {
              ago: household.close[0],
              order: 2,
              run: async () =>
                void (await cases.close(
                  coordinator,
                  caseId,
                  { on: addDays(today, -household.close![0]), outcome: household.close![1] },
                  today,
                )),
            },
          ]
        : []),
    ];
    steps.sort((a, b) => b.ago - a.ago || a.order - b.order);
    for (const step of steps) await step.run();
  }
  return caseIds;
}

export async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM district');
  return count === 0;
}
