import { ImportView, RejectionsPageView } from '@bosam/imports';
import { Field } from '../layout';
import { swedish } from '../forms';

export const REJECTIONS_PER_PAGE = 100;

/** Every rejection of a file import, a hundred at a time, in the order they were found. */
export function ImportRejectionsPage({
  imp,
  page,
  from,
  error,
}: {
  imp: ImportView;
  page?: RejectionsPageView;
  from: string;
  error?: string;
}) {
  const base = `/underrattelser/inlasningar/${imp.id}/avvisade`;
  const total = page?.total ?? imp.rejectedCount;
  const first = page ? page.offset + 1 : 0;
  const last = page ? page.offset + page.items.length : 0;
  return (
    <>
      <h1>Avvisade rader i {imp.filename}</h1>
      <p>
        {total} avvisade rader i filen.{page && page.items.length > 0 ? ` Här visas avvisning ${first}–${last}.` : ''}{' '}
        <a href={`/underrattelser/inlasningar/${imp.id}`}>Tillbaka till filinläsningen</a>
      </p>
      <form method="get" action={base} class="actions no-print">
        <Field
          id="rejections-from"
          name="fran"
          label="Visa från avvisning nr"
          type="number"
          inputmode="numeric"
          min="1"
          value={from}
          error={error}
        />
        <button type="submit">Visa</button>
      </form>
      {page && page.items.length === 0 && <p class="muted">Inga avvisade rader från det numret.</p>}
      {page && page.items.length > 0 && (
        <table>
          <caption>
            Avvisade rader {first}–{last} av {total}
          </caption>
          <thead>
            <tr>
              <th scope="col">Nr</th>
              <th scope="col">Rad</th>
              <th scope="col">Kolumn</th>
              <th scope="col">Fel</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((r, i) => (
              <tr key={i}>
                <td>{first + i}</td>
                <td>{r.row}</td>
                <td>{r.field}</td>
                <td>{swedish(r.message)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (
        <nav aria-label="Sidor med avvisade rader" class="actions no-print">
          {page.offset > 0 && (
            <a href={`${base}?fran=${Math.max(1, page.offset - REJECTIONS_PER_PAGE + 1)}`}>Föregående {REJECTIONS_PER_PAGE}</a>
          )}
          {last < total && <a href={`${base}?fran=${last + 1}`}>Nästa {Math.min(REJECTIONS_PER_PAGE, total - last)}</a>}
        </nav>
      )}
    </>
  );
}
