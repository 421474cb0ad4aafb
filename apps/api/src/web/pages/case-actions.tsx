import { ComponentChildren } from 'preact';
import {
  BALANCE_SOURCE_SV,
  CASE_OUTCOME_SV,
  CaseDetailView,
  CaseListItem,
  DEADLINE_KIND_SV,
  NOTICE_SOURCE_SV,
  PLAN_STATUS_SV,
} from '@bosam/cases';
import { NotificationView } from '@bosam/intake';
import { todayInStockholm } from '@bosam/calendar';
import { CATEGORY_SV, CONSENT_FORM_SV } from '@bosam/landlords';
import { Csrf, Field, Notice, Select } from '../layout';
import { FormErrors } from '../forms';
import { kronor, stockholmTime } from '../format';

// The write actions of the case page (issue 10's follow-up, corrections, merging, closing, consents):
// each a small form folded in a <details>, opened again with its Swedish errors when it was refused.

// A plan is agreed (active), then kept or broken; a broken plan may be taken up again (FollowUpService).
const PLAN_NEXT: Record<string, string[]> = { active: ['kept', 'broken'], broken: ['active'], kept: [] };

/** A refused form: which one, what was typed (identity numbers already scrubbed), and the errors by field. */
export interface FailedForm {
  form: string;
  values: Record<string, string>;
  errors: FormErrors;
}

export interface CaseActionProps {
  detail: CaseDetailView;
  csrf: string;
  landlords: Array<{ id: string; orgNumber: string; name: string }>;
  failed?: FailedForm;
}

/** The failed state of one form, if it is the one that was refused. */
const stateOf = (failed: FailedForm | undefined, form: string) => (failed?.form === form ? failed : undefined);

/** A folded form: closed until opened, open again when it comes back with errors (its action's fragment scrolls to it). */
function Action(props: {
  form: string;
  summary: string;
  action: string;
  csrf: string;
  failed?: FailedForm;
  submit: string;
  danger?: boolean;
  children: ComponentChildren;
}) {
  const state = stateOf(props.failed, props.form);
  return (
    <details class="action no-print" id={`act-${props.form}`} open={state ? true : undefined}>
      <summary>{props.summary}</summary>
      <form method="post" action={`${props.action}#act-${props.form}`} class="card">
        <Csrf token={props.csrf} />
        {state?.errors.form && <Notice kind="error">{state.errors.form}</Notice>}
        {props.children}
        <button type="submit" class={props.danger ? 'danger' : undefined}>
          {props.submit}
        </button>
      </form>
    </details>
  );
}

/** Checkboxes in a fieldset, with the error beside the group. */
export function Checkboxes(props: {
  id: string;
  name: string;
  legend: string;
  options: Array<[string, string]>;
  checked: string[];
  error?: string;
}) {
  return (
    <fieldset class={props.error ? 'field has-error' : 'field'} aria-describedby={props.error ? `${props.id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label], i) => (
        <label class="check" key={value}>
          <input type="checkbox" id={`${props.id}-${i}`} name={props.name} value={value} checked={props.checked.includes(value)} /> {label}
        </label>
      ))}
      {props.error && (
        <span class="error" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
    </fieldset>
  );
}

// A landlord is chosen by its id in the register: a sole trader's number is shown masked only, and a masked number is no number.
const landlordOptions = (landlords: CaseActionProps['landlords']): Array<[string, string]> =>
  landlords.map((l) => [l.id, `${l.name} (${l.orgNumber})`]);
/** The register's id of a landlord as shown in a case or notice (the choice a form starts from). */
const landlordIdOf = (landlords: CaseActionProps['landlords'], shown: { orgNumber: string } | null | undefined): string | undefined =>
  shown ? landlords.find((l) => l.orgNumber === shown.orgNumber)?.id : undefined;

/** Balances and repayment plans: record the arrears, agree a plan, and a plan kept, broken or taken up again. */
export function DebtActions({ detail: d, csrf, landlords, failed }: CaseActionProps) {
  if (d.status !== 'open') return null;
  const balance = stateOf(failed, 'saldo');
  const plan = stateOf(failed, 'plan');
  const today = todayInStockholm();
  return (
    <>
      <Action
        form="saldo"
        summary="Registrera aktuell skuld"
        action={`/arenden/${d.id}/saldo`}
        csrf={csrf}
        failed={failed}
        submit="Spara skulden"
      >
        <Field id="saldo-on" name="on" label="Datum" type="date" required value={balance?.values.on ?? today} error={balance?.errors.on} />
        <Field
          id="saldo-arrears"
          name="arrearsSek"
          label="Skuld (kr)"
          inputmode="decimal"
          required
          value={balance?.values.arrearsSek}
          error={balance?.errors.arrearsSek}
          hint="0 om skulden är betald."
        />
        <Select
          id="saldo-source"
          name="source"
          label="Källa"
          options={Object.entries(BALANCE_SOURCE_SV)}
          value={balance?.values.source}
          error={balance?.errors.source}
        />
      </Action>
      <Action
        form="plan"
        summary="Registrera en avbetalningsplan"
        action={`/arenden/${d.id}/avbetalningsplaner`}
        csrf={csrf}
        failed={failed}
        submit="Spara planen"
      >
        <Select
          id="plan-landlord"
          name="landlordOrgNumber"
          label="Hyresvärd"
          options={landlordOptions(landlords)}
          value={plan?.values.landlordOrgNumber ?? landlordIdOf(landlords, d.landlord)}
          error={plan?.errors.landlordOrgNumber}
          empty="Välj hyresvärd"
        />
        <Field
          id="plan-monthly"
          name="monthlySek"
          label="Belopp i månaden (kr)"
          inputmode="decimal"
          required
          value={plan?.values.monthlySek}
          error={plan?.errors.monthlySek}
        />
        <Field
          id="plan-first"
          name="firstDueOn"
          label="Första betalning"
          type="date"
          required
          value={plan?.values.firstDueOn}
          error={plan?.errors.firstDueOn}
        />
        <Field
          id="plan-agreed"
          name="agreedOn"
          label="Överenskommen"
          type="date"
          value={plan?.values.agreedOn ?? today}
          error={plan?.errors.agreedOn}
        />
      </Action>
    </>
  );
}

/** One plan's status form, beside the plan in the list. */
export function PlanStatusForm({
  caseId,
  plan,
  csrf,
  failed,
}: {
  caseId: string;
  plan: CaseDetailView['repaymentPlans'][number];
  csrf: string;
  failed?: FailedForm;
}) {
  const next = PLAN_NEXT[plan.status] ?? [];
  if (next.length === 0) return null;
  const state = stateOf(failed, `plan-${plan.id}`);
  const base = `plan-${plan.id.slice(0, 8)}`;
  return (
    <form
      method="post"
      action={`/arenden/${caseId}/avbetalningsplaner/${plan.id}/status#act-plan-${plan.id}`}
      class="inline-form no-print"
      id={`act-plan-${plan.id}`}
    >
      <Csrf token={csrf} />
      {state?.errors.form && <Notice kind="error">{state.errors.form}</Notice>}
      <Select
        id={`${base}-status`}
        name="status"
        label="Ny status"
        options={next.map((s) => [s, s === 'active' ? 'Pågår igen' : PLAN_STATUS_SV[s]])}
        value={state?.values.status}
        error={state?.errors.status}
      />
      <Field
        id={`${base}-on`}
        name="on"
        label="Datum"
        type="date"
        required
        value={state?.values.on ?? todayInStockholm()}
        error={state?.errors.on}
      />
      <button type="submit" class="secondary">
        Ändra status
      </button>
    </form>
  );
}

/** A disturbance report, and that disturbances ended. */
export function DisturbanceActions({ detail: d, csrf, landlords, failed }: CaseActionProps) {
  if (d.status !== 'open') return null;
  const report = stateOf(failed, 'storning');
  const ended = stateOf(failed, 'storning-slut');
  const today = todayInStockholm();
  return (
    <>
      <Action
        form="storning"
        summary="Registrera en störningsanmälan"
        action={`/arenden/${d.id}/storningar`}
        csrf={csrf}
        failed={failed}
        submit="Spara anmälan"
      >
        <Field id="storning-on" name="on" label="Datum" type="date" required value={report?.values.on ?? today} error={report?.errors.on} />
        <Select
          id="storning-landlord"
          name="landlordOrgNumber"
          label="Hyresvärd"
          options={landlordOptions(landlords)}
          value={report?.values.landlordOrgNumber ?? landlordIdOf(landlords, d.landlord)}
          error={report?.errors.landlordOrgNumber}
          empty="Välj hyresvärd"
        />
        <Field
          id="storning-category"
          name="category"
          label="Kategori"
          required
          value={report?.values.category}
          error={report?.errors.category}
          hint="Kort, t.ex. buller nattetid. Inga namn eller personnummer."
        />
      </Action>
      {d.ongoingDisturbance && (
        <Action
          form="storning-slut"
          summary="Störningarna har upphört"
          action={`/arenden/${d.id}/storningar-upphorda`}
          csrf={csrf}
          failed={failed}
          submit="Spara"
        >
          <Field
            id="storning-slut-on"
            name="on"
            label="Upphörde"
            type="date"
            required
            value={ended?.values.on ?? today}
            error={ended?.errors.on}
          />
        </Action>
      )}
    </>
  );
}

/** Consents: record one (per landlord chosen), and withdraw one beside it in the table. */
export function ConsentActions({ detail: d, csrf, landlords, failed }: CaseActionProps) {
  if (d.status !== 'open') return null;
  const state = stateOf(failed, 'samtycke');
  const split = (v: string | undefined) => (v ? v.split(',') : []);
  return (
    <Action
      form="samtycke"
      summary="Registrera ett samtycke"
      action={`/arenden/${d.id}/samtycken`}
      csrf={csrf}
      failed={failed}
      submit="Spara samtycket"
    >
      <Checkboxes
        id="samtycke-landlord"
        name="landlordOrgNumber"
        legend="Hyresvärd eller hyresvärdar"
        options={landlordOptions(landlords)}
        checked={
          state
            ? split(state.values.landlordOrgNumber)
            : [landlordIdOf(landlords, d.landlord)].filter((id): id is string => id !== undefined)
        }
        error={state?.errors.landlordOrgNumber}
      />
      <Checkboxes
        id="samtycke-categories"
        name="categories"
        legend="Vad som får lämnas ut"
        options={Object.entries(CATEGORY_SV)}
        checked={split(state?.values.categories)}
        error={state?.errors.categories}
      />
      <Field
        id="samtycke-given"
        name="givenOn"
        label="Lämnat"
        type="date"
        required
        value={state?.values.givenOn ?? todayInStockholm()}
        error={state?.errors.givenOn}
      />
      <Field
        id="samtycke-until"
        name="validUntil"
        label="Gäller till och med"
        type="date"
        value={state?.values.validUntil}
        error={state?.errors.validUntil}
        hint="Tomt: tills det återkallas."
      />
      <Select
        id="samtycke-form"
        name="form"
        label="Form"
        options={Object.entries(CONSENT_FORM_SV)}
        value={state?.values.form}
        error={state?.errors.form_}
      />
      <Field
        id="samtycke-by"
        name="documentedBy"
        label="Dokumenterat av och var"
        required
        value={state?.values.documentedBy}
        error={state?.errors.documentedBy}
      />
    </Action>
  );
}

export function WithdrawConsentForm({
  caseId,
  consentId,
  csrf,
  failed,
}: {
  caseId: string;
  consentId: string;
  csrf: string;
  failed?: FailedForm;
}) {
  const state = stateOf(failed, `aterkalla-${consentId}`);
  const base = `aterkalla-${consentId.slice(0, 8)}`;
  return (
    <form
      method="post"
      action={`/arenden/${caseId}/samtycken/${consentId}/aterkalla#act-aterkalla-${consentId}`}
      class="inline-form no-print"
      id={`act-aterkalla-${consentId}`}
    >
      <Csrf token={csrf} />
      {state?.errors.form && <Notice kind="error">{state.errors.form}</Notice>}
      <Field
        id={`${base}-on`}
        name="on"
        label="Återkallat"
        type="date"
        required
        value={state?.values.on ?? todayInStockholm()}
        error={state?.errors.on}
      />
      <button type="submit" class="secondary">
        Återkalla
      </button>
    </form>
  );
}

/** Correcting the case, closing and reopening it, and the way to merging it. */
export function CaseActions({ detail: d, csrf, failed, role, mayClose }: CaseActionProps & { role: string; mayClose: boolean }) {
  const correction = stateOf(failed, 'rattelse');
  const close = stateOf(failed, 'avsluta');
  const reopen = stateOf(failed, 'oppna');
  const coordinator = role === 'coordinator';
  // Nothing this person may do here (a unit representative where unit reps may not close): no empty section.
  if (d.mergedIntoCaseId || !(coordinator || (d.status === 'open' && mayClose))) return null;
  return (
    <section aria-labelledby="case-actions" class="no-print">
      <h2 id="case-actions">Ändra ärendet</h2>
      {d.status === 'open' && coordinator && (
        <Action
          form="rattelse"
          summary="Rätta adress eller antal barn"
          action={`/arenden/${d.id}/rattelse`}
          csrf={csrf}
          failed={failed}
          submit="Spara rättelsen"
        >
          <Field
            id="rattelse-street"
            name="address.street"
            label="Gatuadress"
            value={correction?.values['address.street'] ?? d.address.street}
            error={correction?.errors['address.street']}
          />
          <Field
            id="rattelse-apartment"
            name="address.apartment"
            label="Lägenhetsnummer"
            value={correction?.values['address.apartment'] ?? d.address.apartment}
            error={correction?.errors['address.apartment']}
          />
          <Field
            id="rattelse-postal"
            name="address.postalCode"
            label="Postnummer"
            value={correction?.values['address.postalCode'] ?? d.address.postalCode}
            error={correction?.errors['address.postalCode']}
          />
          <Field
            id="rattelse-city"
            name="address.city"
            label="Ort"
            value={correction?.values['address.city'] ?? d.address.city}
            error={correction?.errors['address.city']}
          />
          <Field
            id="rattelse-children"
            name="childrenInHousehold"
            label="Antal barn i hushållet"
            inputmode="numeric"
            value={correction?.values.childrenInHousehold ?? String(d.household.childrenInHousehold)}
            error={correction?.errors.childrenInHousehold}
          />
          <Field
            id="rattelse-reason"
            name="reason"
            label="Skäl till rättelsen"
            required
            value={correction?.values.reason}
            error={correction?.errors.reason}
          />
        </Action>
      )}
      {d.status === 'open' && coordinator && (
        <p>
          <a href={`/arenden/${d.id}/sla-ihop`}>Slå ihop med ett annat ärende för samma hushåll</a>
        </p>
      )}
      {d.status === 'open' && mayClose && (
        <Action
          form="avsluta"
          summary="Avsluta ärendet"
          action={`/arenden/${d.id}/avsluta`}
          csrf={csrf}
          failed={failed}
          submit="Avsluta ärendet"
          danger
        >
          <Field
            id="avsluta-on"
            name="on"
            label="Avslutat"
            type="date"
            required
            value={close?.values.on ?? todayInStockholm()}
            error={close?.errors.on}
          />
          <Select
            id="avsluta-outcome"
            name="outcome"
            label="Utfall"
            options={Object.entries(CASE_OUTCOME_SV)}
            value={close?.values.outcome}
            error={close?.errors.outcome}
            empty="Välj utfall"
          />
          <div class={close?.errors.cancelOpenSteps ? 'field has-error' : 'field'}>
            <label class="check" for="avsluta-cancel">
              <input
                type="checkbox"
                id="avsluta-cancel"
                name="cancelOpenSteps"
                value="true"
                checked={close?.values.cancelOpenSteps === 'true'}
                aria-describedby={close?.errors.cancelOpenSteps ? 'avsluta-cancel-error' : undefined}
              />{' '}
              Avbryt ärendets öppna nästa steg
            </label>
            {close?.errors.cancelOpenSteps && (
              <span class="error" id="avsluta-cancel-error">
                {close.errors.cancelOpenSteps}
              </span>
            )}
          </div>
        </Action>
      )}
      {d.status === 'closed' && coordinator && (
        <Action
          form="oppna"
          summary="Öppna ärendet igen"
          action={`/arenden/${d.id}/oppna-igen`}
          csrf={csrf}
          failed={failed}
          submit="Öppna igen"
        >
          <p class="hint">Ett ärende som avslutats av misstag kan öppnas igen inom 30 dagar.</p>
          <Field id="oppna-reason" name="reason" label="Skäl" required value={reopen?.values.reason} error={reopen?.errors.reason} />
        </Action>
      )}
    </section>
  );
}

/** The page that merges a case into another open case of the district. */
/** A case one may merge into, as the list or the case page shows it. */
export type MergeCandidate = Pick<CaseListItem, 'id' | 'tenants' | 'openedOn'> & { address: CaseListItem['address'] };

/** The merge page lists at most this many of the district's open cases; a search finds the others. */
export const MERGE_LIST_LIMIT = 200;

export function MergePage(props: {
  detail: CaseDetailView;
  candidates: MergeCandidate[];
  /** False when the district has more open cases than the list shows. */
  complete: boolean;
  csrf: string;
  values?: Record<string, string>;
  errors?: FormErrors;
  search?: { q: string };
}) {
  const d = props.detail;
  const names = d.tenants.map((t) => t.name ?? 'Namn saknas').join(' och ');
  const shared = new Set(d.sharedApartmentWith);
  const candidates = [...props.candidates].filter((c) => c.id !== d.id).sort((a, b) => Number(shared.has(b.id)) - Number(shared.has(a.id)));
  const label = (c: MergeCandidate) =>
    [
      c.tenants.map((t) => t.name ?? 'Namn saknas').join(' och '),
      c.address
        ? [c.address.street, c.address.apartment ? `lgh ${c.address.apartment}` : null].filter(Boolean).join(' ')
        : 'skyddad adress',
      `öppnat ${c.openedOn}`,
      shared.has(c.id) ? 'samma lägenhet' : null,
    ]
      .filter(Boolean)
      .join(', ');
  return (
    <>
      <h1>Slå ihop {names}s ärende</h1>
      <p>
        Underrättelser, frister, enheter, nästa steg, kontakter, skulder, planer, störningar och samtycken flyttas till det ärende du
        väljer. Det här ärendet avslutas och går att läsa som sammanslaget.
      </p>
      <p>
        <a href={`/arenden/${d.id}`}>Tillbaka till ärendet</a>
      </p>
      {d.status !== 'open' ? (
        <Notice kind="warn">Ärendet är inte öppet och kan inte slås ihop.</Notice>
      ) : (
        <>
          <form method="post" action={`/arenden/${d.id}/sla-ihop/sok`} class="card">
            <Csrf token={props.csrf} />
            <h2>Hitta ärendet</h2>
            <p>
              {props.search
                ? `Listan nedan visar ärendena i samma lägenhet och träffarna för ”${props.search.q}”.`
                : props.complete
                  ? 'Listan nedan visar alla öppna ärenden i stadsdelen, de i samma lägenhet först.'
                  : `Listan nedan visar ärendena i samma lägenhet och de ${MERGE_LIST_LIMIT} första öppna ärendena. Sök på namn eller personnummer för att hitta ett annat.`}
            </p>
            <Field
              id="merge-q"
              name="q"
              label="Namn eller personnummer"
              value={props.values?.q}
              error={props.errors?.q}
              autocomplete="off"
            />
            <Field
              id="merge-search-reason"
              name="searchReason"
              label="Skäl för sökningen"
              value={props.values?.searchReason}
              error={props.errors?.searchReason}
              hint="Skälet sparas i loggen."
            />
            <button type="submit" class="secondary">
              Sök
            </button>
          </form>
          <form method="post" action={`/arenden/${d.id}/sla-ihop`} class="card">
            <Csrf token={props.csrf} />
            {props.errors?.form && <Notice kind="error">{props.errors.form}</Notice>}
            <Select
              id="merge-into"
              name="intoCaseId"
              label="Slå ihop med"
              options={candidates.map((c) => [c.id, label(c)])}
              value={props.values?.intoCaseId ?? d.sharedApartmentWith[0]}
              error={props.errors?.intoCaseId}
              empty="Välj ärende"
            />
            <Field id="merge-reason" name="reason" label="Skäl" required value={props.values?.reason} error={props.errors?.reason} />
            <button type="submit" class="danger">
              Slå ihop ärendena
            </button>
          </form>
        </>
      )}
    </>
  );
}

const AMEND_FIELDS: Array<[keyof NotificationView, string, 'date' | 'text']> = [
  ['receivedOn', 'Mottagen', 'date'],
  ['tenantServedOn', 'Delgiven hyresgästen', 'date'],
  ['boardNotifiedOn', 'Socialnämnden underrättad', 'date'],
  ['evictionOn', 'Avhysningsdatum', 'date'],
  ['arrearsSek', 'Hyresskuld (kr)', 'text'],
  ['monthsInArrears', 'Antal månader i skuld', 'text'],
  ['childrenInHousehold', 'Antal barn i hushållet', 'text'],
];

/** The stored value of a notice field as the form shows it. */
export function noticeFieldText(n: NotificationView, field: keyof NotificationView): string {
  const value = n[field];
  if (value === null || value === undefined) return '';
  if (field === 'arrearsSek') return String(value).replace('.', ',');
  return String(value);
}

/** One notice as it stands, its deadlines, the history of its corrections, and the form that corrects it. */
export function NoticePage(props: {
  caseId: string;
  notice: NotificationView;
  csrf: string;
  landlords: Array<{ id: string; orgNumber: string; name: string }>;
  mayAmend: boolean;
  values?: Record<string, string>;
  errors?: FormErrors;
  saved?: boolean;
}) {
  const n = props.notice;
  const v = (name: string) => props.values?.[name] ?? noticeFieldText(n, name as keyof NotificationView);
  return (
    <>
      <h1>Underrättelse {n.externalReference}</h1>
      {props.saved && <Notice kind="ok">Rättelsen är sparad. Fristerna är omräknade.</Notice>}
      <p>
        <a href={`/arenden/${props.caseId}`}>Tillbaka till ärendet</a>
      </p>
      <dl class="facts">
        <dt>Typ</dt>
        <dd>{NOTICE_SOURCE_SV[n.source] ?? n.source}</dd>
        <dt>Hyresvärd</dt>
        <dd>{n.landlord ? `${n.landlord.name ?? 'Okänd'} (${n.landlord.orgNumber})` : '–'}</dd>
        {AMEND_FIELDS.map(([field, label]) => (
          <>
            <dt key={`t-${field}`}>{label}</dt>
            <dd key={`d-${field}`}>{field === 'arrearsSek' ? kronor(n.arrearsSek) : noticeFieldText(n, field) || '–'}</dd>
          </>
        ))}
        <dt>Frister</dt>
        <dd>
          <ul>
            {n.deadlines.map((dl) => (
              <li key={dl.kind}>
                {DEADLINE_KIND_SV[dl.kind] ?? dl.kind} {dl.dueOn}
                {dl.estimated ? ' (uppskattad)' : ''} <span class="muted">{dl.rule}</span>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <section aria-labelledby="history">
        <h2 id="history">Rättelser</h2>
        {n.amendments.length === 0 ? (
          <p class="muted">Underrättelsen har inte rättats.</p>
        ) : (
          <table>
            <caption>Rättelser, äldst först; uppgifterna ovan visar resultatet</caption>
            <thead>
              <tr>
                <th scope="col">När</th>
                <th scope="col">Ändrat</th>
                <th scope="col">Skäl</th>
                <th scope="col">Vem</th>
              </tr>
            </thead>
            <tbody>
              {n.amendments.map((a) => (
                <tr key={a.id}>
                  <td>{stockholmTime(a.createdAt)}</td>
                  <td>
                    <ul>
                      {a.changes.map((c) => (
                        <li key={c.field}>
                          {c.label}: {c.from ?? '–'} → {c.to ?? '–'}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{a.reason}</td>
                  <td>{a.createdBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {props.mayAmend && (
        <section aria-labelledby="amend">
          <h2 id="amend">Rätta underrättelsen</h2>
          <form method="post" action={`/arenden/${props.caseId}/underrattelser/${n.id}#amend`} class="card">
            <Csrf token={props.csrf} />
            {props.errors?.form && <Notice kind="error">{props.errors.form}</Notice>}
            <p class="hint">
              Ändra det som är fel. Originalet och historiken sparas, fristerna räknas om och nästa dagordning visar vad som ändrats.
            </p>
            <Select
              id="amend-landlord"
              name="landlordOrgNumber"
              label="Hyresvärd"
              options={landlordOptions(props.landlords)}
              value={props.values?.landlordOrgNumber ?? landlordIdOf(props.landlords, n.landlord)}
              error={props.errors?.landlordOrgNumber}
              empty="Ingen hyresvärd"
            />
            {AMEND_FIELDS.map(([field, label, type]) => (
              <Field
                key={field}
                id={`amend-${field}`}
                name={field}
                label={label}
                type={type}
                inputmode={type === 'text' ? 'decimal' : undefined}
                value={v(field)}
                error={props.errors?.[field]}
              />
            ))}
            <Field
              id="amend-reason"
              name="reason"
              label="Skäl till rättelsen"
              required
              value={props.values?.reason}
              error={props.errors?.reason}
            />
            <button type="submit">Spara rättelsen</button>
          </form>
        </section>
      )}
    </>
  );
}
