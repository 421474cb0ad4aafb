import { DistrictView, LandlordView, MandateView, UnitView } from '@bosam/setup';
import { Actor } from '@bosam/platform';
import { Csrf, Field, Notice } from '../layout';
import { FormErrors } from '../forms';

export interface SetupData {
  districts: DistrictView[];
  district?: DistrictView;
  units: Array<UnitView & { mandates: MandateView[] }>;
  landlords: LandlordView[];
}

/** Which form was refused, with its errors and what was typed. */
export interface SetupForm {
  form: 'district' | 'unit' | 'mandate' | 'landlord';
  unit?: string;
  errors: FormErrors;
  values: Record<string, string>;
}

export function SetupPage({
  actor,
  csrf,
  data,
  refused,
  saved,
}: {
  actor: Actor;
  csrf: string;
  data: SetupData;
  refused?: SetupForm;
  saved?: string;
}) {
  const err = (form: SetupForm['form'], name: string, unit?: string) =>
    refused?.form === form && refused.unit === unit ? refused.errors[name] : undefined;
  const val = (form: SetupForm['form'], name: string, unit?: string) =>
    refused?.form === form && refused.unit === unit ? refused.values[name] : undefined;
  const code = data.district?.code;
  return (
    <>
      <h1>Inställningar</h1>
      {saved && <Notice kind="ok">{saved}</Notice>}
      {refused && <Notice kind="error">Uppgifterna sparades inte. Rätta fälten som är markerade.</Notice>}
      <section aria-labelledby="districts">
        <h2 id="districts">Stadsdelar</h2>
        <ul>
          {data.districts.map((d) => (
            <li key={d.code}>
              <a href={`/installningar?stadsdel=${d.code}`} aria-current={d.code === code ? 'page' : undefined}>
                {d.name} ({d.code})
              </a>
            </li>
          ))}
        </ul>
        {actor.role === 'admin' && (
          <form method="post" action="/installningar/stadsdelar" class="card">
            <h3>Ny stadsdel</h3>
            <Csrf token={csrf} />
            <Field
              id="district-code"
              name="code"
              label="Kod"
              required
              value={val('district', 'code')}
              error={err('district', 'code')}
              hint="2–16 versaler, siffror, - eller _"
            />
            <Field id="district-name" name="name" label="Namn" required value={val('district', 'name')} error={err('district', 'name')} />
            <button type="submit">Lägg till stadsdelen</button>
          </form>
        )}
      </section>
      {data.district && (
        <section aria-labelledby="units">
          <h2 id="units">Enheter i {data.district.name}</h2>
          {data.units.map((u) => (
            <div class="card" key={u.code}>
              <h3>
                {u.name} ({u.code})
              </h3>
              {u.mandates.length === 0 ? (
                <p class="muted">Inget mandat registrerat.</p>
              ) : (
                <ul>
                  {u.mandates.map((m) => (
                    <li key={m.id}>
                      {m.person}: mandat {m.validFrom} – {m.validUntil ?? 'tills vidare'}
                    </li>
                  ))}
                </ul>
              )}
              <form method="post" action={`/installningar/stadsdelar/${code}/enheter/${u.code}/mandat`} class="actions">
                <Csrf token={csrf} />
                <Field
                  id={`m-${u.code}-person`}
                  name="person"
                  label="Person med mandat"
                  value={val('mandate', 'person', u.code)}
                  error={err('mandate', 'person', u.code)}
                />
                <Field
                  id={`m-${u.code}-from`}
                  name="validFrom"
                  label="Från"
                  type="date"
                  value={val('mandate', 'validFrom', u.code)}
                  error={err('mandate', 'validFrom', u.code)}
                />
                <Field
                  id={`m-${u.code}-until`}
                  name="validUntil"
                  label="Till och med"
                  type="date"
                  value={val('mandate', 'validUntil', u.code)}
                  error={err('mandate', 'validUntil', u.code)}
                />
                <button type="submit" class="secondary">
                  Registrera mandatet
                </button>
              </form>
            </div>
          ))}
          <form method="post" action={`/installningar/stadsdelar/${code}/enheter`} class="card">
            <h3>Ny enhet</h3>
            <Csrf token={csrf} />
            <Field id="unit-code" name="code" label="Kod" required value={val('unit', 'code')} error={err('unit', 'code')} />
            <Field id="unit-name" name="name" label="Namn" required value={val('unit', 'name')} error={err('unit', 'name')} />
            <button type="submit">Lägg till enheten</button>
          </form>
        </section>
      )}
      <section aria-labelledby="landlords">
        <h2 id="landlords">Hyresvärdar</h2>
        <ul>
          {data.landlords.map((l) => (
            <li key={l.id}>
              {l.name} ({l.orgNumber}){l.municipal ? ', kommunal' : ''}
            </li>
          ))}
        </ul>
        <form method="post" action="/installningar/hyresvardar" class="card">
          <h3>Ny hyresvärd</h3>
          <Csrf token={csrf} />
          <Field
            id="landlord-org"
            name="orgNumber"
            label="Organisationsnummer"
            required
            value={val('landlord', 'orgNumber')}
            error={err('landlord', 'orgNumber')}
          />
          <Field id="landlord-name" name="name" label="Namn" required value={val('landlord', 'name')} error={err('landlord', 'name')} />
          <div class="field">
            <label class="inline">
              <input type="checkbox" name="municipal" value="true" checked={val('landlord', 'municipal') === 'true'} /> Kommunalt
              bostadsbolag
            </label>
          </div>
          <button type="submit">Lägg till hyresvärden</button>
        </form>
      </section>
    </>
  );
}
