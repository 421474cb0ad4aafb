import {
  COMPARATOR_SV,
  EVALUATION_DECISION_STATUS_SV,
  EvaluationExportView,
  EXPORT_STATUS_SV,
  INDICATORS,
  IndicatorsReportView,
  ScalarIndicator,
} from '@bosam/evaluation';
import { Actor } from '@bosam/platform';
import { Csrf, Field, Notice } from '../layout';
import { FormErrors } from '../forms';
import { kronor } from '../format';

/** The term before: 2026-HT → 2026-VT, 2026-VT → 2025-HT. */
export function previousTerm(term: string): string {
  const [year, half] = term.split('-');
  return half === 'HT' ? `${year}-VT` : `${Number(year) - 1}-HT`;
}

function show(indicator: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (indicator.startsWith('share')) return `${Math.round(value * 1000) / 10} %`;
  if (indicator === 'remainingDebtSek') return kronor(value);
  return String(value).replace('.', ',');
}

const label = (indicator: string): string => INDICATORS[indicator as ScalarIndicator]?.label ?? indicator;

/**
 * A bar chart as server-rendered SVG: one bar per term (this term last), the target as a line.
 * It carries a text alternative (role="img" with a title), and the same numbers are in the table beside it.
 */
export function TargetChart({
  indicator,
  terms,
  target,
}: {
  indicator: string;
  terms: Array<{ term: string; value: number | null }>;
  target?: { comparator: string; value: number };
}) {
  const width = 420;
  const height = 200;
  const top = 20;
  const bottom = 40;
  const values = terms.map((t) => t.value ?? 0);
  const max = Math.max(...values, target?.value ?? 0, indicator.startsWith('share') ? 1 : 1) * 1.1;
  const scale = (v: number) => height - bottom - ((height - bottom - top) * v) / max;
  const slot = (width - 40) / terms.length;
  const id = `chart-${indicator}`;
  const description = `${label(indicator)}: ${terms.map((t) => `${t.term} ${show(indicator, t.value)}`).join(', ')}${
    target ? `; mål ${COMPARATOR_SV[target.comparator] ?? target.comparator} ${show(indicator, target.value)}` : ''
  }.`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{description}</title>
        <line x1="30" x2={width - 10} y1={height - bottom} y2={height - bottom} stroke="#4a4a4a" />
        {terms.map((t, i) => {
          const x = 40 + i * slot + slot * 0.15;
          const y = scale(t.value ?? 0);
          const last = i === terms.length - 1;
          return (
            <g key={t.term}>
              <rect class={last ? 'bar' : 'bar earlier'} x={x} y={y} width={slot * 0.7} height={Math.max(0, height - bottom - y)} />
              <text x={x + slot * 0.35} y={y - 4} text-anchor="middle">
                {show(indicator, t.value)}
              </text>
              <text x={x + slot * 0.35} y={height - bottom + 18} text-anchor="middle">
                {t.term}
              </text>
            </g>
          );
        })}
        {target && (
          <g>
            <line class="target" x1="30" x2={width - 10} y1={scale(target.value)} y2={scale(target.value)} />
            <text x={width - 12} y={scale(target.value) - 6} text-anchor="end">
              Mål {COMPARATOR_SV[target.comparator]} {show(indicator, target.value)}
            </text>
          </g>
        )}
      </svg>
      <figcaption>{label(indicator)}</figcaption>
    </figure>
  );
}

/** The term's targets against the actual values, with earlier terms beside them. */
export function Figures({ report, earlier = [] }: { report: IndicatorsReportView; earlier?: IndicatorsReportView[] }) {
  const terms = [...earlier].reverse().concat(report);
  const values = (r: IndicatorsReportView) => r.indicators as unknown as Record<string, number | null>;
  const headline: ScalarIndicator[] = [
    'notificationsReceived',
    'householdsWithChildren',
    'casesOpened',
    'casesClosed',
    'evictionsCarriedOut',
    'evictionsAffectingChildren',
    'leasesKept',
    'meetingsHeld',
    'nextStepsCreated',
    'nextStepsDoneOnTime',
    'nextStepsOverdue',
  ];
  return (
    <>
      <h2>Mål</h2>
      {report.targets.length === 0 ? (
        <p class="muted">Inga mål är satta för terminen.</p>
      ) : (
        <>
          <table>
            <caption>Terminens mål och utfall</caption>
            <thead>
              <tr>
                <th scope="col">Indikator</th>
                <th scope="col">Mål</th>
                <th scope="col">Utfall</th>
                <th scope="col">Uppfyllt</th>
              </tr>
            </thead>
            <tbody>
              {report.targets.map((t) => (
                <tr key={t.indicator}>
                  <td>{label(t.indicator)}</td>
                  <td>
                    {COMPARATOR_SV[t.comparator] ?? t.comparator} {show(t.indicator, t.value)}
                  </td>
                  <td>{show(t.indicator, t.actual)}</td>
                  <td>
                    {t.met === null ? (
                      <span class="muted">Inget att bedöma</span>
                    ) : t.met ? (
                      <span class="tag ok">Ja</span>
                    ) : (
                      <span class="tag danger">Nej</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="charts">
            {report.targets.map((t) => (
              <TargetChart
                key={t.indicator}
                indicator={t.indicator}
                target={t}
                terms={terms.map((r) => ({ term: r.term, value: values(r)[t.indicator] ?? null }))}
              />
            ))}
          </div>
        </>
      )}
      <h2>Nyckeltal</h2>
      <table>
        <caption>Nyckeltal per termin</caption>
        <thead>
          <tr>
            <th scope="col">Indikator</th>
            {terms.map((r) => (
              <th scope="col" key={r.term}>
                {r.term}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {headline.map((indicator) => (
            <tr key={indicator}>
              <th scope="row">{label(indicator)}</th>
              {terms.map((r) => (
                <td key={r.term}>{show(indicator, values(r)[indicator])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Where an export stands; polls itself until it is done. */
export function ExportStatus({ exp }: { exp: EvaluationExportView }) {
  const busy = exp.status === 'queued' || exp.status === 'running';
  return (
    <div
      id="export-status"
      hx-get={busy ? `/utvardering/export/${exp.id}` : undefined}
      hx-trigger={busy ? 'every 1s' : undefined}
      hx-swap="outerHTML"
      aria-live="polite"
    >
      <p>
        Export {exp.term} ({exp.format}): <strong>{EXPORT_STATUS_SV[exp.status] ?? exp.status}</strong>
      </p>
      {busy && (
        <progress max={100} value={exp.progress} aria-label="Exportens förlopp">
          {exp.progress} %
        </progress>
      )}
      {exp.status === 'done' && (
        <p>
          <a href={`/utvardering/export/${exp.id}/fil`} download>
            Ladda ned filen
          </a>
        </p>
      )}
    </div>
  );
}

/** Decisions with their follow-up: a coordinator marks each open, done or dropped. */
function DecisionsTable({
  decisions,
  caption,
  actor,
  csrf,
  report,
  statusError,
}: {
  decisions: IndicatorsReportView['decisions'];
  caption: string;
  actor: Actor;
  csrf: string;
  report: IndicatorsReportView;
  statusError?: { id: string; message: string };
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Beslut</th>
          <th scope="col">Ansvarig</th>
          <th scope="col">Senast</th>
          <th scope="col">Status</th>
          {actor.role === 'coordinator' && (
            <th scope="col" class="no-print">
              Följ upp
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {decisions.map((d) => {
          const error = statusError?.id === d.id ? statusError.message : undefined;
          return (
            <tr key={d.id} id={`beslut-${d.id}`}>
              <td>
                {d.text}
                {d.term !== report.term ? <span class="muted"> (från {d.term})</span> : null}
              </td>
              <td>{d.owner}</td>
              <td>{d.dueOn}</td>
              <td>
                {EVALUATION_DECISION_STATUS_SV[d.status] ?? d.status}
                {d.statusOn ? ` ${d.statusOn}` : ''}
              </td>
              {actor.role === 'coordinator' && (
                <td class="no-print">
                  <form method="post" action={`/utvardering/beslut/${d.id}/status`} class="actions">
                    <Csrf token={csrf} />
                    <input type="hidden" name="term" value={report.term} />
                    <label for={`status-${d.id}`} class="visually-hidden">
                      Status för beslutet {d.text}
                    </label>
                    <select
                      id={`status-${d.id}`}
                      name="status"
                      aria-invalid={error ? 'true' : undefined}
                      aria-describedby={error ? `status-${d.id}-error` : undefined}
                    >
                      {Object.entries(EVALUATION_DECISION_STATUS_SV).map(([value, label]) => (
                        <option value={value} selected={value === d.status}>
                          {label}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="secondary">
                      Spara<span class="visually-hidden"> status för {d.text}</span>
                    </button>
                    {error && (
                      <span class="error" id={`status-${d.id}-error`}>
                        {error}
                      </span>
                    )}
                  </form>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function EvaluationPage(props: {
  actor: Actor;
  csrf: string;
  report: IndicatorsReportView;
  earlier: IndicatorsReportView[];
  decisionErrors?: FormErrors;
  decisionValues?: Record<string, string>;
  saved?: boolean;
  statusSaved?: boolean;
  statusError?: { id: string; message: string };
}) {
  const { report } = props;
  return (
    <>
      <h1>Utvärdering {report.term}</h1>
      <p>
        {report.district}, {report.from} – {report.to}. Siffrorna gäller per {report.reportDate}.
      </p>
      <form method="get" action="/utvardering" class="actions no-print">
        <label for="term">Termin</label>
        <input id="term" name="termin" value={report.term} pattern="\d{4}-(VT|HT)" aria-describedby="term-hint" />
        <span class="hint" id="term-hint">
          T.ex. 2026-HT
        </span>
        <button type="submit">Visa</button>
      </form>
      <Figures report={report} earlier={props.earlier} />
      <h2>Beslut</h2>
      {props.saved && <Notice kind="ok">Beslutet är sparat.</Notice>}
      {props.statusSaved && <Notice kind="ok">Beslutets status är sparad.</Notice>}
      {report.decisions.length === 0 ? (
        <p class="muted">Inga beslut för terminen.</p>
      ) : (
        <DecisionsTable decisions={report.decisions} caption={`Terminens beslut (${report.term})`} {...props} />
      )}
      <h3>Uppföljning av förra terminens beslut ({report.previousTerm})</h3>
      {report.previousDecisions.length === 0 ? (
        <p class="muted">Inga beslut från förra terminen.</p>
      ) : (
        <DecisionsTable
          decisions={report.previousDecisions}
          caption={`Beslut från ${report.previousTerm} och hur de följts upp`}
          {...props}
        />
      )}
      {props.actor.role === 'coordinator' && (
        <form method="post" action={`/utvardering/${report.term}/beslut`} class="card no-print">
          <h3>Nytt beslut</h3>
          <Csrf token={props.csrf} />
          <Field name="text" label="Beslut" required value={props.decisionValues?.text} error={props.decisionErrors?.text} />
          <Field name="owner" label="Ansvarig" required value={props.decisionValues?.owner} error={props.decisionErrors?.owner} />
          <Field name="dueOn" label="Senast" type="date" required value={props.decisionValues?.dueOn} error={props.decisionErrors?.dueOn} />
          <button type="submit">Spara beslutet</button>
        </form>
      )}
      <h2>Export</h2>
      <form method="post" action="/utvardering/export" class="card no-print">
        <Csrf token={props.csrf} />
        <input type="hidden" name="term" value={report.term} />
        <fieldset>
          <legend>Format</legend>
          {[
            ['xlsx', 'Excel (xlsx)'],
            ['csv', 'CSV'],
            ['json', 'JSON'],
          ].map(([value, text], i) => (
            <label key={value} class="inline">
              <input type="radio" name="format" value={value} checked={i === 0} /> {text}{' '}
            </label>
          ))}
        </fieldset>
        <p class="hint">Exporten innehåller bara summor; antal 1–4 visas som ”&lt;5”.</p>
        <button type="submit">Skapa export</button>
      </form>
    </>
  );
}
