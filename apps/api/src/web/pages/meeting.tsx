import {
  AgendaItemView,
  AgendaView,
  AttendanceView,
  DecisionView,
  MEETING_STATUS_SV,
  MeetingView,
  MinutesView,
  ROLES_SV,
  SECTION_TITLES,
} from '@bosam/meetings';
import { Actor } from '@bosam/platform';
import { todayInStockholm } from '@bosam/calendar';
import { DEADLINE_KIND_SV, STEP_STATUS_SV } from '@bosam/cases';
import { Csrf, Field, Notice } from '../layout';
import { FormErrors } from '../forms';
import { kronor, stockholmTime } from '../format';

export interface Unit {
  code: string;
  name: string;
}

export const reasonsOf = (item: AgendaItemView): string[] => item.reasons.map((r) => r.text);

/** A refused move or cancellation, shown again with its errors beside the fields. */
export interface MeetingChange {
  form: 'move' | 'cancel';
  errors: FormErrors;
  values: Record<string, string>;
}

/** The agenda's cases without a decision, each once, numbered as the meeting page numbers them. */
export function undecidedItems(agenda: AgendaView): Array<{ number: number; item: AgendaItemView }> {
  const seen = new Set<string>();
  const items = agenda.sections.flatMap((s) => s.items).filter((i) => !seen.has(i.caseId) && !!seen.add(i.caseId));
  return items.map((item, i) => ({ number: i + 1, item })).filter(({ item }) => !item.decided);
}

export function MeetingsPage({
  meetings,
  actor,
  csrf,
  errors,
  values,
}: {
  meetings: MeetingView[];
  actor: Actor;
  csrf: string;
  errors?: FormErrors;
  values?: Record<string, string>;
}) {
  const today = todayInStockholm();
  const coming = meetings.filter((m) => m.heldOn >= today || m.status === 'running');
  const past = meetings.filter((m) => !coming.includes(m)).reverse();
  const row = (m: MeetingView) => (
    <tr key={m.id}>
      <td>
        <a href={`/moten/${m.id}`}>{stockholmTime(m.startsAt)}</a>
      </td>
      <td>{MEETING_STATUS_SV[m.status] ?? m.status}</td>
      <td>{m.movedFrom ? `Flyttat från ${m.movedFrom}${m.movedReason ? ` (${m.movedReason})` : ''}` : ''}</td>
    </tr>
  );
  const table = (list: MeetingView[], caption: string) =>
    list.length === 0 ? (
      <p class="muted">Inga möten.</p>
    ) : (
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Tid</th>
            <th scope="col">Status</th>
            <th scope="col">Anmärkning</th>
          </tr>
        </thead>
        <tbody>{list.map(row)}</tbody>
      </table>
    );
  return (
    <>
      <h1>Bosam-möten</h1>
      <h2>Kommande</h2>
      {table(coming, 'Kommande och pågående möten')}
      {actor.role === 'coordinator' && (
        <form method="post" action="/moten" class="card no-print">
          <h3>Planera ett möte</h3>
          <Csrf token={csrf} />
          <Field name="date" label="Datum" type="date" required value={values?.date} error={errors?.startsAt ?? errors?.date} />
          <Field name="time" label="Tid" type="time" required value={values?.time ?? '09:00'} error={errors?.time} />
          <button type="submit">Planera mötet</button>
        </form>
      )}
      <h2>Tidigare</h2>
      {table(past, 'Tidigare möten, senaste först')}
    </>
  );
}

/** One unit's attendance, editable on its own (someone arrives late): a small form per unit. */
export function AttendanceRow({
  meetingId,
  unit,
  entry,
  csrf,
  editable,
  error,
  saved,
}: {
  meetingId: string;
  unit: Unit;
  entry?: AttendanceView;
  csrf: string;
  editable: boolean;
  error?: string;
  saved?: boolean;
}) {
  const id = `att-${unit.code}`;
  if (!editable) {
    return (
      <tr id={id}>
        <th scope="row">{unit.name}</th>
        <td>{entry ? (entry.role === 'absent' ? 'Frånvarande' : `${entry.person ?? ''}, ${ROLES_SV[entry.role]}`) : 'Inte registrerad'}</td>
        <td>{entry && entry.role !== 'absent' ? (entry.withMandate ? 'Med mandat' : 'Utan mandat') : '–'}</td>
        <td></td>
      </tr>
    );
  }
  return (
    <tr id={id}>
      <th scope="row">
        <label for={`${id}-person`}>{unit.name}</label>
      </th>
      <td>
        <form
          method="post"
          action={`/moten/${meetingId}/narvaro/${unit.code}`}
          hx-post={`/moten/${meetingId}/narvaro/${unit.code}`}
          hx-target={`#${id}`}
          hx-swap="outerHTML"
          class="actions"
          id={`${id}-form`}
        >
          <Csrf token={csrf} />
          <input
            id={`${id}-person`}
            name="person"
            value={entry?.person ?? ''}
            placeholder="Namn"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          <label for={`${id}-role`} class="visually-hidden">
            Roll för {unit.name}
          </label>
          <select id={`${id}-role`} name="role">
            {Object.entries(ROLES_SV).map(([value, label]) => (
              <option value={value} selected={(entry?.role ?? 'assistant_head') === value}>
                {label}
              </option>
            ))}
          </select>
          <label class="inline">
            <input type="checkbox" name="mandate" value="true" checked={entry ? entry.mandate : true} /> Mandat
          </label>
          <button type="submit" class="secondary">
            Spara
          </button>
          {error && (
            <span class="error" id={`${id}-error`}>
              {error}
            </span>
          )}
        </form>
      </td>
      <td>
        {entry && entry.role !== 'absent' ? (entry.withMandate ? 'Med mandat' : 'Utan mandat') : entry ? 'Frånvarande' : 'Inte registrerad'}
      </td>
      <td>
        {saved && (
          <span class="tag ok" tabIndex={-1} data-focus>
            Sparat
          </span>
        )}
      </td>
    </tr>
  );
}

export function DecisionSummary({
  decision,
}: {
  decision: Pick<DecisionView, 'text' | 'pendingConfirmation' | 'pendingUnits' | 'nextSteps'>;
}) {
  return (
    <div class="decision">
      <p>
        <strong>Beslut:</strong> {decision.text}
        {decision.pendingConfirmation && <span class="tag warn">Väntar på bekräftelse från {decision.pendingUnits.join(', ')}</span>}
      </p>
      {decision.nextSteps.length > 0 && (
        <ul>
          {decision.nextSteps.map((s) => (
            <li key={s.id}>
              {s.unit}: {s.action} – senast {s.dueOn}
              {s.responsible ? ` (${s.responsible})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const STEP_ROWS = 3;

/** One case on the agenda: its facts, and while the meeting runs, the decision form (sent without a reload). */
export function AgendaItem(props: {
  meeting: MeetingView;
  item: AgendaItemView;
  number: number;
  actor: Actor;
  csrf: string;
  units: Unit[];
  decision?: Pick<DecisionView, 'text' | 'pendingConfirmation' | 'pendingUnits' | 'nextSteps'>;
  errors?: FormErrors;
  values?: Record<string, string[]>;
  deferred?: boolean;
  carried?: boolean;
  focus?: boolean;
}) {
  const { meeting, item, actor, csrf } = props;
  const id = `item-${item.caseId}`;
  const running = meeting.status === 'running';
  const decided = item.decided || !!props.decision;
  const myUnits = actor.role === 'unit_rep' ? props.units.filter((u) => u.code === actor.unit) : props.units;
  const value = (name: string, i = 0) => props.values?.[name]?.[i] ?? '';
  return (
    <article id={id} class={decided ? 'item decided' : props.deferred ? 'item carried' : 'item'} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} tabIndex={props.focus ? -1 : undefined} data-focus={props.focus ? '' : undefined}>
        {props.number}. <a href={`/arenden/${item.caseId}`}>{item.displayName}</a>
        {item.childrenInHousehold > 0 && <span class="children"> · {item.childrenInHousehold} barn</span>}
      </h3>
      <p>
        {reasonsOf(item).map((r) => (
          <span class="tag" key={r}>
            {r}
          </span>
        ))}
        {item.recurrence && <span class="tag warn">Återkommande</span>}
        {item.protectedIdentity && <span class="tag warn">Skyddad identitet</span>}
      </p>
      <dl class="facts">
        <dt>Skuld</dt>
        <dd>{kronor(item.arrearsSek)}</dd>
        <dt>Frister</dt>
        <dd>
          {item.deadlines.length === 0
            ? '–'
            : item.deadlines.map((d) => (
                <span key={`${d.kind}${d.dueOn}`} class={d.passed ? 'tag danger' : 'tag'}>
                  {DEADLINE_KIND_SV[d.kind] ?? d.kind} {d.dueOn}
                  {d.passed ? ' (passerad)' : ''}
                </span>
              ))}
        </dd>
        <dt>Underrättelser</dt>
        <dd>
          {item.notices.map((n) => (
            <span key={n.id} class={n.new ? 'tag warn' : 'tag'}>
              {n.kindText}
              {n.landlord ? `, ${n.landlord.name ?? n.landlord.orgNumber}` : ''} ({n.receivedOn}){n.new ? ' – ny' : ''}
            </span>
          ))}
        </dd>
        {item.flags.length > 0 && (
          <>
            <dt>Att se över</dt>
            <dd>
              {item.flags.map((f) => (
                <span key={f.code} class="tag warn">
                  {f.text}
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>Enheter</dt>
        <dd>
          {item.units.join(', ') || '–'}
          {item.unitsNotRepresented.length > 0 && <span class="tag danger">Inte företrädda: {item.unitsNotRepresented.join(', ')}</span>}
        </dd>
        {item.nextSteps.length > 0 && (
          <>
            <dt>Nästa steg</dt>
            <dd>
              <ul>
                {item.nextSteps.map((st) => (
                  <li key={st.id}>
                    {st.unit}: {st.action} – senast {st.dueOn}
                    {st.responsible ? ` (${st.responsible})` : ''}, {STEP_STATUS_SV[st.status] ?? st.status}
                    {st.overdue && <span class="tag danger">Försenat</span>}
                    {st.status === 'open' && (actor.role === 'coordinator' || (actor.role === 'unit_rep' && actor.unit === st.unit)) && (
                      <>
                        {' '}
                        <a class="no-print" href={`/nasta-steg/${st.id}?tillbaka=${encodeURIComponent(`/moten/${meeting.id}#${id}`)}`}>
                          Flytta eller ställ in<span class="visually-hidden">: {st.action}</span>
                        </a>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {item.address && (
          <>
            <dt>Adress</dt>
            <dd>
              {[
                item.address.street,
                item.address.apartment ? `lgh ${item.address.apartment}` : null,
                item.address.postalCode,
                item.address.city,
              ]
                .filter(Boolean)
                .join(', ')}
            </dd>
          </>
        )}
      </dl>
      {item.pendingDecisions.map((p) => (
        <div key={p.id} class="notice warn">
          <p>
            Beslut {p.heldOn} väntar på bekräftelse från {p.pendingUnits.join(', ')}: {p.text}
          </p>
          {(actor.role === 'coordinator' || (actor.role === 'unit_rep' && !!actor.unit && p.pendingUnits.includes(actor.unit))) && (
            <form
              method="post"
              action={`/moten/${meeting.id}/bekrafta/${p.id}`}
              hx-post={`/moten/${meeting.id}/bekrafta/${p.id}`}
              hx-target={`#${id}`}
              hx-swap="outerHTML"
              class="actions no-print"
            >
              <Csrf token={csrf} />
              <input type="hidden" name="caseId" value={item.caseId} />
              <label for={`by-${p.id}`}>Bekräftas av</label>
              <input id={`by-${p.id}`} name="by" value={actor.name} required />
              <button type="submit" name="confirmed" value="true">
                Bekräfta
              </button>
              <button type="submit" name="confirmed" value="false" class="secondary">
                Avslå
              </button>
            </form>
          )}
        </div>
      ))}
      {props.decision && <DecisionSummary decision={props.decision} />}
      {!props.decision && item.decided && <p class="tag ok">Beslut fattat</p>}
      {item.pendingConfirmation && <p class="tag warn">Beslutet väntar på bekräftelse</p>}
      {props.deferred && !decided && (
        <Notice kind="warn">Skjuts upp: ärendet tas upp igen vid nästa möte om inget beslut fattas innan mötet avslutas.</Notice>
      )}
      {props.carried && <p class="tag warn">Flyttas till nästa möte (inget beslut)</p>}
      {running && !decided && !props.deferred && (
        <form
          method="post"
          action={`/moten/${meeting.id}/beslut`}
          hx-post={`/moten/${meeting.id}/beslut`}
          hx-target={`#${id}`}
          hx-swap="outerHTML"
          class="no-print"
        >
          <Csrf token={csrf} />
          <input type="hidden" name="caseId" value={item.caseId} />
          {props.errors?.form && <Notice kind="error">{props.errors.form}</Notice>}
          <Field id={`${id}-text`} name="text" label="Beslut" required value={value('text')} error={props.errors?.text} />
          <fieldset>
            <legend>Nästa steg</legend>
            {Array.from({ length: STEP_ROWS }, (_, i) => (
              <div class="steps-input" key={i}>
                <div class="field">
                  <label for={`${id}-unit-${i}`}>Enhet {i + 1}</label>
                  <select id={`${id}-unit-${i}`} name="unit" aria-invalid={props.errors?.[`nextSteps[${i}].unit`] ? 'true' : undefined}>
                    <option value="">–</option>
                    {myUnits.map((u) => (
                      <option value={u.code} selected={value('unit', i) === u.code}>
                        {u.name}
                      </option>
                    ))}
                  </select>
                  {props.errors?.[`nextSteps[${i}].unit`] && <span class="error">{props.errors[`nextSteps[${i}].unit`]}</span>}
                </div>
                <Field
                  id={`${id}-action-${i}`}
                  name="action"
                  label={`Åtgärd ${i + 1}`}
                  value={value('action', i)}
                  error={props.errors?.[`nextSteps[${i}].action`]}
                />
                <Field
                  id={`${id}-due-${i}`}
                  name="dueOn"
                  label={`Senast ${i + 1}`}
                  type="date"
                  value={value('dueOn', i)}
                  error={props.errors?.[`nextSteps[${i}].dueOn`]}
                />
                <Field
                  id={`${id}-resp-${i}`}
                  name="responsible"
                  label={`Ansvarig ${i + 1}`}
                  value={value('responsible', i)}
                  error={props.errors?.[`nextSteps[${i}].responsible`]}
                />
              </div>
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit">Spara beslutet</button>
            <button
              type="button"
              class="secondary"
              hx-get={`/moten/${meeting.id}/punkt/${item.caseId}?uppskjuten=1`}
              hx-target={`#${id}`}
              hx-swap="outerHTML"
            >
              Skjut upp till nästa möte
            </button>
          </div>
        </form>
      )}
      {running && !decided && props.deferred && (
        <p class="no-print">
          <button
            type="button"
            class="secondary"
            hx-get={`/moten/${meeting.id}/punkt/${item.caseId}`}
            hx-target={`#${id}`}
            hx-swap="outerHTML"
          >
            Ta upp ärendet ändå
          </button>
        </p>
      )}
    </article>
  );
}

export function MeetingPage(props: {
  actor: Actor;
  csrf: string;
  meeting: MeetingView;
  agenda?: AgendaView;
  units: Unit[];
  attendance: AttendanceView[];
  minutes?: MinutesView;
  notice?: string;
  change?: MeetingChange;
}) {
  const { actor, csrf, meeting, agenda } = props;
  const coordinator = actor.role === 'coordinator';
  const decisions = new Map((props.minutes?.decisions ?? []).map((d) => [d.caseId, d]));
  const carried = new Set((props.minutes?.carriedOver ?? []).map((c) => c.caseId));
  let number = 0;
  const numbers = new Map<string, number>();
  return (
    <>
      <h1>Bosam-möte {stockholmTime(meeting.startsAt)}</h1>
      <p>
        Status: <strong>{MEETING_STATUS_SV[meeting.status] ?? meeting.status}</strong>
        {agenda && (agenda.frozen ? ' · dagordningen är fastställd' : ' · dagordningen byggs från dagens uppgifter')}
        {meeting.movedFrom && ` · flyttat från ${meeting.movedFrom}${meeting.movedReason ? ` (${meeting.movedReason})` : ''}`}
      </p>
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      {meeting.status === 'cancelled' && (
        <Notice kind="warn">Mötet är inställt{meeting.cancelReason ? `: ${meeting.cancelReason}` : '.'}</Notice>
      )}
      <p class="actions no-print">
        {agenda && <a href={`/moten/${meeting.id}/dagordning`}>Utskriftsvänlig dagordning</a>}
        {meeting.status === 'closed' && <a href={`/moten/${meeting.id}/protokoll`}>Protokoll</a>}
        <a href="/moten">Alla möten</a>
      </p>
      {coordinator && meeting.status === 'planned' && <MoveOrCancel meeting={meeting} csrf={csrf} change={props.change} />}
      {agenda && agenda.warnings.length > 0 && (
        <details class="notice warn">
          <summary>{agenda.warnings.length} varningar</summary>
          <ul>
            {agenda.warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </details>
      )}
      {agenda && (
        <section aria-labelledby="attendance">
          <h2 id="attendance">Närvaro</h2>
          <table>
            <caption>Vem företräder varje enhet{coordinator && meeting.status !== 'closed' ? ' (spara en enhet i taget)' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Enhet</th>
                <th scope="col">Företrädare och roll</th>
                <th scope="col">Mandat</th>
                <th scope="col">
                  <span class="visually-hidden">Sparat</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.units.map((u) => (
                <AttendanceRow
                  key={u.code}
                  meetingId={meeting.id}
                  unit={u}
                  entry={props.attendance.find((a) => a.unit === u.code)}
                  csrf={csrf}
                  editable={coordinator && meeting.status !== 'closed'}
                />
              ))}
            </tbody>
          </table>
        </section>
      )}
      {agenda && coordinator && meeting.status === 'planned' && (
        <form method="post" action={`/moten/${meeting.id}/starta`} class="no-print">
          <Csrf token={csrf} />
          <button type="submit">Starta mötet (dagordningen fastställs)</button>
        </form>
      )}
      {agenda && (
        <section aria-labelledby="agenda">
          <h2 id="agenda">Dagordning</h2>
          {agenda.sections.map((section) => (
            <section key={section.kind} aria-labelledby={`sec-${section.kind}`}>
              <h3 id={`sec-${section.kind}`}>
                {SECTION_TITLES[section.kind] ?? section.kind} ({section.items.length})
              </h3>
              {section.items.length === 0 && <p class="muted">Inga ärenden.</p>}
              {section.items.map((item) => {
                // A case is gone through once: where an agenda lists it again, a line points to its item.
                const earlier = numbers.get(item.caseId);
                if (earlier !== undefined) {
                  return (
                    <p key={item.caseId} class="muted">
                      {item.displayName}: se <a href={`#item-${item.caseId}`}>punkt {earlier}</a> ({reasonsOf(item).join(', ')}).
                    </p>
                  );
                }
                number += 1;
                numbers.set(item.caseId, number);
                return (
                  <AgendaItem
                    key={item.caseId}
                    meeting={meeting}
                    item={item}
                    number={number}
                    actor={actor}
                    csrf={csrf}
                    units={props.units}
                    decision={decisions.get(item.caseId)}
                    carried={carried.has(item.caseId)}
                  />
                );
              })}
            </section>
          ))}
        </section>
      )}
      {coordinator && meeting.status === 'running' && (
        <div class="card no-print">
          <p>Ärenden utan beslut flyttas till nästa möte när mötet avslutas. Innan mötet avslutas visas vilka det är.</p>
          <a class="button" href={`/moten/${meeting.id}/avsluta`}>
            Avsluta mötet
          </a>
        </div>
      )}
    </>
  );
}

/** Move a planned meeting to another date and time, or cancel it; both with a reason. */
function MoveOrCancel({ meeting, csrf, change }: { meeting: MeetingView; csrf: string; change?: MeetingChange }) {
  const [date, time] = stockholmTime(meeting.startsAt).split(' ');
  const move = change?.form === 'move' ? change : undefined;
  const cancel = change?.form === 'cancel' ? change : undefined;
  return (
    <details class="card no-print" open={!!change}>
      <summary>Flytta eller ställ in mötet</summary>
      <div class="grid">
        <form method="post" action={`/moten/${meeting.id}/flytta`} id="move-meeting">
          <h2>Flytta mötet</h2>
          <Csrf token={csrf} />
          {move?.errors.form && <Notice kind="error">{move.errors.form}</Notice>}
          <Field
            id="move-date"
            name="date"
            label="Nytt datum"
            type="date"
            required
            value={move?.values.date ?? date}
            error={move?.errors.startsAt ?? move?.errors.date}
          />
          <Field
            id="move-time"
            name="time"
            label="Ny tid"
            type="time"
            required
            value={move?.values.time ?? time}
            error={move?.errors.time}
          />
          <Field id="move-reason" name="reason" label="Skäl" value={move?.values.reason} error={move?.errors.reason} />
          <button type="submit">Flytta mötet</button>
        </form>
        <form method="post" action={`/moten/${meeting.id}/stall-in`} id="cancel-meeting">
          <h2>Ställ in mötet</h2>
          <Csrf token={csrf} />
          {cancel?.errors.form && <Notice kind="error">{cancel.errors.form}</Notice>}
          <Field
            id="cancel-reason"
            name="reason"
            label="Skäl till att mötet ställs in"
            required
            value={cancel?.values.reason}
            error={cancel?.errors.reason}
          />
          <button type="submit" class="secondary">
            Ställ in mötet
          </button>
        </form>
      </div>
    </details>
  );
}

/** Closing: the items without a decision, which closing carries over to the next meeting, named before it happens. */
export function CloseMeetingPage({
  csrf,
  meeting,
  items,
}: {
  csrf: string;
  meeting: MeetingView;
  items: Array<{ number: number; item: AgendaItemView }>;
}) {
  return (
    <>
      <h1>Avsluta mötet {stockholmTime(meeting.startsAt)}</h1>
      {items.length === 0 ? (
        <p>Alla ärenden på dagordningen har ett beslut. Inget flyttas till nästa möte.</p>
      ) : (
        <>
          <p>
            {items.length === 1 ? 'Ett ärende saknar' : `${items.length} ärenden saknar`} beslut och flyttas till nästa möte, med skälet
            ”Hanns inte vid förra mötet”. Protokollet tar upp {items.length === 1 ? 'det' : 'dem'}.
          </p>
          <ul id="carried-over">
            {items.map(({ number, item }) => (
              <li key={item.caseId}>
                Punkt {number}: <a href={`/moten/${meeting.id}#item-${item.caseId}`}>{item.displayName}</a> – flyttas till nästa möte
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="post" action={`/moten/${meeting.id}/avsluta`} class="actions">
        <Csrf token={csrf} />
        <button type="submit">
          {items.length === 0 ? 'Avsluta mötet' : `Avsluta mötet och flytta ${items.length === 1 ? 'ärendet' : `${items.length} ärenden`}`}
        </button>
        <a href={`/moten/${meeting.id}`}>Tillbaka till mötet</a>
      </form>
    </>
  );
}
