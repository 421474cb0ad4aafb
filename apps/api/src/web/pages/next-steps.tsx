import { NextStepView } from '@bosam/meetings';
import { Actor } from '@bosam/platform';
import { todayInStockholm } from '@bosam/calendar';
import { STEP_STATUS_SV } from '@bosam/cases';
import { capitalised } from '../format';
import { Csrf, Field, Notice } from '../layout';
import { FormErrors } from '../forms';

/** May this actor complete this step? The same rule as PATCH /next-steps/{id}. */
const mayComplete = (actor: Actor | undefined, step: NextStepView): boolean =>
  !!actor && step.status === 'open' && (actor.role === 'coordinator' || (actor.role === 'unit_rep' && actor.unit === step.unit));

/** One step as a table row; an open step of one's own unit can be marked done in place. */
export function StepRow({
  step,
  actor,
  csrf,
  error,
  justDone,
}: {
  step: NextStepView;
  actor?: Actor;
  csrf?: string;
  error?: string;
  justDone?: boolean;
}) {
  const rowId = `step-${step.id}`;
  return (
    <tr id={rowId}>
      <td>
        <a href={`/arenden/${step.caseId}`}>Ärende</a>
      </td>
      <td>{step.unit}</td>
      <td>{step.responsible ?? '–'}</td>
      <td>
        {step.action}
        {step.result ? <span class="muted"> – {step.result}</span> : null}
      </td>
      <td>
        {step.dueOn}
        {step.overdue && <span class="tag danger">Försenat</span>}
      </td>
      <td>
        {capitalised(STEP_STATUS_SV[step.status] ?? step.status)}
        {step.doneOn ? ` ${step.doneOn}` : ''}
        {justDone && (
          <span class="tag ok" tabIndex={-1} data-focus>
            Sparat
          </span>
        )}
      </td>
      <td class="no-print">
        {csrf && mayComplete(actor, step) && (
          <form
            method="post"
            action={`/nasta-steg/${step.id}/utfort`}
            hx-post={`/nasta-steg/${step.id}/utfort`}
            hx-target={`#${rowId}`}
            hx-swap="outerHTML"
          >
            <Csrf token={csrf} />
            <label for={`done-${step.id}`}>Utfört den</label>{' '}
            <input
              id={`done-${step.id}`}
              name="doneOn"
              type="date"
              value={todayInStockholm()}
              required
              aria-invalid={error ? 'true' : undefined}
            />{' '}
            <label for={`result-${step.id}`}>Resultat</label> <input id={`result-${step.id}`} name="result" />{' '}
            <button type="submit">Markera utfört</button>
            {error && <span class="error">{error}</span>}
          </form>
        )}
        {csrf && mayComplete(actor, step) && (
          <a href={`/nasta-steg/${step.id}`}>
            Flytta eller ställ in<span class="visually-hidden">: {step.action}</span>
          </a>
        )}
      </td>
    </tr>
  );
}

export function StepsTable({ steps, caption, actor, csrf }: { steps: NextStepView[]; caption: string; actor?: Actor; csrf?: string }) {
  if (steps.length === 0) return <p class="muted">Inga steg.</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Ärende</th>
          <th scope="col">Enhet</th>
          <th scope="col">Ansvarig</th>
          <th scope="col">Åtgärd</th>
          <th scope="col">Senast</th>
          <th scope="col">Status</th>
          <th scope="col" class="no-print">
            Åtgärda
          </th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step) => (
          <StepRow key={step.id} step={step} actor={actor} csrf={csrf} />
        ))}
      </tbody>
    </table>
  );
}

const SAVED: Record<string, string> = {
  '1': 'Steget är markerat som utfört.',
  flyttat: 'Steget har fått ett nytt datum.',
  installt: 'Steget är inställt.',
};

/** A refused change of a step, shown again with its errors beside the fields. */
export interface StepChange {
  form: 'move' | 'cancel';
  errors: FormErrors;
  values: Record<string, string>;
}

/** One step: a new due date, or cancelled with a reason; both on the case's timeline. */
export function StepChangePage({
  actor,
  csrf,
  step,
  back,
  change,
}: {
  actor: Actor;
  csrf: string;
  step: NextStepView;
  back: string;
  change?: StepChange;
}) {
  const move = change?.form === 'move' ? change : undefined;
  const cancel = change?.form === 'cancel' ? change : undefined;
  return (
    <>
      <h1>Flytta eller ställ in ett steg</h1>
      <dl class="facts">
        <dt>Åtgärd</dt>
        <dd>{step.action}</dd>
        <dt>Enhet</dt>
        <dd>{step.unit}</dd>
        <dt>Ansvarig</dt>
        <dd>{step.responsible ?? '–'}</dd>
        <dt>Senast</dt>
        <dd>
          {step.dueOn}
          {step.overdue && <span class="tag danger">Försenat</span>}
        </dd>
        <dt>Status</dt>
        <dd>
          {capitalised(STEP_STATUS_SV[step.status] ?? step.status)}
          {step.cancelReason ? ` – ${step.cancelReason}` : ''}
        </dd>
        <dt>Ärende</dt>
        <dd>
          <a href={`/arenden/${step.caseId}`}>Öppna ärendet</a>
        </dd>
      </dl>
      {step.status !== 'open' || !mayComplete(actor, step) ? (
        <Notice kind="warn">
          {step.status !== 'open' ? 'Steget är inte öppet och kan inte ändras här.' : 'Din roll får inte ändra steget.'}
        </Notice>
      ) : (
        <div class="grid">
          <form method="post" action={`/nasta-steg/${step.id}/andra`} class="card" id="move-step">
            <h2>Nytt datum</h2>
            <Csrf token={csrf} />
            <input type="hidden" name="form" value="move" />
            <input type="hidden" name="tillbaka" value={back} />
            {move?.errors.form && <Notice kind="error">{move.errors.form}</Notice>}
            <Field
              id="step-due"
              name="dueOn"
              label="Senast"
              type="date"
              required
              value={move?.values.dueOn ?? step.dueOn}
              error={move?.errors.dueOn ?? move?.errors.status}
            />
            <button type="submit">Spara nytt datum</button>
          </form>
          <form method="post" action={`/nasta-steg/${step.id}/andra`} class="card" id="cancel-step">
            <h2>Ställ in steget</h2>
            <Csrf token={csrf} />
            <input type="hidden" name="form" value="cancel" />
            <input type="hidden" name="tillbaka" value={back} />
            {cancel?.errors.form && <Notice kind="error">{cancel.errors.form}</Notice>}
            <Field id="step-reason" name="reason" label="Skäl" required value={cancel?.values.reason} error={cancel?.errors.reason} />
            <button type="submit" class="secondary">
              Ställ in steget
            </button>
          </form>
        </div>
      )}
      <p>
        <a href={back}>Tillbaka</a>
      </p>
    </>
  );
}

export function NextStepsPage(props: {
  actor: Actor;
  csrf: string;
  steps: NextStepView[];
  units: Array<{ code: string; name: string }>;
  unit?: string;
  person?: string;
  people: string[];
  status: 'open' | 'overdue' | 'done';
  saved?: string;
}) {
  const statuses: Array<[string, string]> = [
    ['open', 'Öppna'],
    ['overdue', 'Försenade'],
    ['done', 'Utförda'],
  ];
  const unitName = props.units.find((u) => u.code === props.unit)?.name;
  return (
    <>
      <h1>
        Nästa steg{unitName ? ` – ${unitName}` : ''}
        {props.person ? ` – ${props.person}` : ''}
      </h1>
      {props.saved && SAVED[props.saved] && <Notice kind="ok">{SAVED[props.saved]}</Notice>}
      <form method="get" action="/nasta-steg" class="actions no-print">
        <label for="unit">Enhet</label>
        <select id="unit" name="enhet">
          <option value="">Alla enheter</option>
          {props.units.map((u) => (
            <option value={u.code} selected={u.code === props.unit}>
              {u.name} ({u.code})
            </option>
          ))}
        </select>
        <label for="person">Ansvarig</label>
        <select id="person" name="person">
          <option value="">Alla</option>
          {props.people.map((p) => (
            <option value={p} selected={p === props.person}>
              {p}
            </option>
          ))}
        </select>
        <label for="status">Status</label>
        <select id="status" name="status">
          {statuses.map(([value, label]) => (
            <option value={value} selected={value === props.status}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit">Visa</button>
      </form>
      <p class="no-print">Sidan går att skriva ut (Ctrl+P): menyer och knappar tas bort.</p>
      <StepsTable
        steps={props.steps}
        caption={`${statuses.find(([v]) => v === props.status)?.[1]} steg`}
        actor={props.actor}
        csrf={props.csrf}
      />
    </>
  );
}
