import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
    await setup.createMandate(admin, DEMO_DISTRICT, unit, { person, validFrom: `${year}-01-01`, validUntil: `${year}-12-31` });
  }
  for (const landlord of DEMO_LANDLORDS) {
    if (!(await setup.findLandlord(landlord.orgNumber))) await setup.createLandlord(admin, landlord);
  }
}

export async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM district');
  return count === 0;
}
