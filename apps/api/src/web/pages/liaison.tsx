import { LiaisonSessionView } from '@bosam/landlords';
import { Csrf, Field, Notice } from '../layout';
import { FormErrors } from '../forms';

export function LiaisonPage(props: { csrf: string; sessions: LiaisonSessionView[]; landlords: Array<{ orgNumber: string; name: string; municipal: boolean }>; errors?: FormErrors; values?: Record<string, string> }) {
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
              <th scope="col">Hyresvärdarnas dagordningar (utskrift)</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr key={s.id}>
                <td>{s.on}</td>
                <td>
                  <ul>
                    {s.landlords.map((l) => (
                      <li key={l.orgNumber}>
                        <a href={`/samverkan/${s.id}/dagordning?hyresvard=${encodeURIComponent(l.orgNumber)}`}>{l.name}</a>
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
            <div key={l.orgNumber}>
              <label class="inline">
                <input type="checkbox" name="landlord" value={l.orgNumber} checked={l.municipal} /> {l.name}
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
