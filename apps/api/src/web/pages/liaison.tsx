import { CATEGORY_SV, EXCHANGE_DIRECTION_SV, LiaisonSessionDetailView, LiaisonSessionView, SESSION_STATUS_SV } from '@bosam/landlords';
import { Csrf, Field, Notice, Select } from '../layout';
import { FormErrors } from '../forms';

export function LiaisonPage(props: {
  csrf: string;
  sessions: LiaisonSessionView[];
  landlords: Array<{ id: string; orgNumber: string; name: string; municipal: boolean }>;
  errors?: FormErrors;
  values?: Record<string, string>;
}) {
  return (
    <>
      <h1>Samverkan med hyresvärdar</h1>
      {props.sessions.length === 0 ? (
        <p class="muted">Inga möten med hyresvärdar är planerade.</p>
      ) : (
        <table>
          <caption>Möten med hyresvärdar</caption>
          <thead>
            <tr>
              <th scope="col">Datum</th>
              <th scope="col">Status</th>
              <th scope="col">Hyresvärdarnas dagordningar (utskrift)</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={`/samverkan/${s.id}`}>
                    {s.on}
                    <span class="visually-hidden">: närvaro och utbyten</span>
                  </a>
                </td>
                <td>
                  {SESSION_STATUS_SV[s.status] ?? s.status}
                  {s.cancelReason ? ` – ${s.cancelReason}` : ''}
                </td>
                <td>
                  <ul>
                    {s.landlords.map((l) => (
                      <li key={l.id}>
                        <a href={`/samverkan/${s.id}/dagordning?hyresvard=${encodeURIComponent(l.id)}`}>{l.name}</a>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/samverkan" class="card no-print">
        <h2>Planera ett möte med hyresvärdar</h2>
        <Csrf token={props.csrf} />
        {props.errors?.form && <Notice kind="error">{props.errors.form}</Notice>}
        <Field name="on" label="Datum" type="date" required value={props.values?.on} error={props.errors?.on} />
        <fieldset>
          <legend>Hyresvärdar</legend>
          {props.landlords.map((l) => (
            <div key={l.id}>
              <label class="inline">
                <input type="checkbox" name="landlord" value={l.id} checked={l.municipal} /> {l.name}
              </label>
            </div>
          ))}
          {props.errors?.landlordOrgNumbers && <span class="error">{props.errors.landlordOrgNumbers}</span>}
        </fieldset>
        <button type="submit">Planera mötet</button>
      </form>
    </>
  );
}

/** A refused form on the session page, shown again with its errors. */
export interface SessionForm {
  form: 'attendance' | 'cancel' | 'exchange';
  errors: FormErrors;
  values: Record<string, string | string[]>;
}

/** A case the exchange form offers: one with a consent valid today for one of the session's landlords. */
export interface ConsentedCase {
  caseId: string;
  names: string;
  landlords: string[];
}

/** One liaison session as a record: who came, what was shared with which landlord, and the forms to record them. */
export function LiaisonSessionPage(props: {
  csrf: string;
  session: LiaisonSessionDetailView;
  today: string;
  cases: ConsentedCase[];
  refused?: SessionForm;
  saved?: string;
}) {
  const { session, csrf, refused } = props;
  const errorsOf = (form: SessionForm['form']) => (refused?.form === form ? refused.errors : undefined);
  const valueOf = (form: SessionForm['form'], name: string): string | undefined => {
    const v = refused?.form === form ? refused.values[name] : undefined;
    return Array.isArray(v) ? v[0] : v;
  };
  const listOf = (form: SessionForm['form'], name: string): string[] | undefined => {
    const v = refused?.form === form ? refused.values[name] : undefined;
    return v === undefined ? undefined : Array.isArray(v) ? v : [v];
  };
  const held = session.on <= props.today;
  const attendance = errorsOf('attendance');
  const cancel = errorsOf('cancel');
  const exchange = errorsOf('exchange');
  const chosenCategories = listOf('exchange', 'categories') ?? [];
  return (
    <>
      <h1>Möte med hyresvärdar {session.on}</h1>
      <p>
        Status: <strong>{SESSION_STATUS_SV[session.status] ?? session.status}</strong>
        {session.cancelReason ? ` – ${session.cancelReason}` : ''} · <a href="/samverkan">Alla möten med hyresvärdar</a>
      </p>
      {props.saved && <Notice kind="ok">{props.saved}</Notice>}
      <table>
        <caption>Hyresvärdar och vilka som kom</caption>
        <thead>
          <tr>
            <th scope="col">Hyresvärd</th>
            <th scope="col">Närvarande</th>
            <th scope="col">Dagordning (utskrift)</th>
          </tr>
        </thead>
        <tbody>
          {session.landlords.map((l) => (
            <tr key={l.id}>
              <th scope="row">{l.name}</th>
              <td>{l.attendees === null ? 'Inte registrerat' : l.attendees.length === 0 ? 'Ingen kom' : l.attendees.join(', ')}</td>
              <td>
                <a href={`/samverkan/${session.id}/dagordning?hyresvard=${encodeURIComponent(l.id)}`}>
                  Dagordning<span class="visually-hidden"> för {l.name}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {session.status !== 'cancelled' && held && (
        <form method="post" action={`/samverkan/${session.id}/narvaro`} class="card no-print" id="session-attendance">
          <h2>Registrera närvaro</h2>
          <p class="hint">Skriv namnen med kommatecken emellan. Lämna tomt om ingen kom. Mötet räknas då som hållet.</p>
          <Csrf token={csrf} />
          {attendance?.form && <Notice kind="error">{attendance.form}</Notice>}
          {session.landlords.map((l, i) => (
            <div key={l.id}>
              <input type="hidden" name="landlord" value={l.id} />
              <Field
                id={`attendees-${i}`}
                name="attendees"
                label={`Närvarande för ${l.name}`}
                value={listOf('attendance', 'attendees')?.[i] ?? (l.attendees ?? []).join(', ')}
                error={attendance?.[`landlords[${i}].attendees`] ?? attendance?.[`landlords[${i}].landlordOrgNumber`]}
              />
            </div>
          ))}
          <button type="submit">Spara närvaron</button>
        </form>
      )}
      {session.status === 'planned' && (
        <form method="post" action={`/samverkan/${session.id}/stall-in`} class="card no-print" id="session-cancel">
          <h2>Ställ in mötet</h2>
          <Csrf token={csrf} />
          {cancel?.form && <Notice kind="error">{cancel.form}</Notice>}
          <Field
            id="session-cancel-reason"
            name="reason"
            label="Skäl"
            required
            value={valueOf('cancel', 'reason')}
            error={cancel?.reason}
          />
          <button type="submit" class="secondary">
            Ställ in mötet
          </button>
        </form>
      )}
      <h2 id="exchanges">Vad som delades med vilken hyresvärd</h2>
      {session.exchanges.length === 0 ? (
        <p class="muted">Inga utbyten är registrerade för mötet.</p>
      ) : (
        <table>
          <caption>Utbyten vid mötet</caption>
          <thead>
            <tr>
              <th scope="col">Hyresvärd</th>
              <th scope="col">Ärende</th>
              <th scope="col">Riktning</th>
              <th scope="col">Uppgifter</th>
              <th scope="col">Sammanfattning</th>
              <th scope="col">Registrerat av</th>
            </tr>
          </thead>
          <tbody>
            {session.exchanges.map((x) => (
              <tr key={x.id}>
                <td>{x.landlord.name}</td>
                <td>
                  <a href={`/arenden/${x.caseId}`}>{props.cases.find((c) => c.caseId === x.caseId)?.names ?? 'Ärende'}</a>
                </td>
                <td>{EXCHANGE_DIRECTION_SV[x.direction] ?? x.direction}</td>
                <td>{x.categories.map((c) => CATEGORY_SV[c] ?? c).join(', ')}</td>
                <td>{x.summary}</td>
                <td>{x.who}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {session.status !== 'cancelled' && held && (
        <form method="post" action={`/samverkan/${session.id}/utbyte`} class="card no-print" id="session-exchange">
          <h2>Registrera ett utbyte</h2>
          <p class="hint">Bara det som samtycket täcker för just den hyresvärden får delas. Annars avvisas utbytet.</p>
          <Csrf token={csrf} />
          {exchange?.form && <Notice kind="error">{exchange.form}</Notice>}
          {props.cases.length === 0 ? (
            <p class="muted">Inget ärende har ett giltigt samtycke för mötets hyresvärdar.</p>
          ) : (
            <>
              <Select
                id="exchange-case"
                name="caseId"
                label="Ärende"
                required
                value={valueOf('exchange', 'caseId')}
                error={exchange?.caseId}
                options={props.cases.map((c) => [c.caseId, `${c.names} (samtycke: ${c.landlords.join(', ')})`] as [string, string])}
              />
              <Select
                id="exchange-landlord"
                name="landlordOrgNumber"
                label="Hyresvärd"
                required
                value={valueOf('exchange', 'landlordOrgNumber')}
                error={exchange?.landlordOrgNumber ?? exchange?.sessionId}
                options={session.landlords.map((l) => [l.id, l.name] as [string, string])}
              />
              <fieldset>
                <legend>Riktning</legend>
                {Object.entries(EXCHANGE_DIRECTION_SV).map(([value, label], i) => (
                  <label key={value} class="inline">
                    <input
                      type="radio"
                      name="direction"
                      value={value}
                      checked={(valueOf('exchange', 'direction') ?? (i === 0 ? value : '')) === value}
                    />{' '}
                    {label}{' '}
                  </label>
                ))}
                {exchange?.direction && <span class="error">{exchange.direction}</span>}
              </fieldset>
              <fieldset aria-describedby={exchange?.categories ? 'exchange-categories-error' : undefined}>
                <legend>Uppgifter som delades</legend>
                {Object.entries(CATEGORY_SV).map(([value, label]) => (
                  <label key={value} class="inline">
                    <input type="checkbox" name="categories" value={value} checked={chosenCategories.includes(value)} /> {label}{' '}
                  </label>
                ))}
                {exchange?.categories && (
                  <span class="error" id="exchange-categories-error">
                    {exchange.categories}
                  </span>
                )}
              </fieldset>
              <Field
                id="exchange-summary"
                name="summary"
                label="Sammanfattning"
                required
                value={valueOf('exchange', 'summary')}
                error={exchange?.summary}
              />
              <button type="submit">Registrera utbytet</button>
            </>
          )}
        </form>
      )}
    </>
  );
}
