import { Layout, Notice } from '../layout';
import { DEMO_PEOPLE } from '../demo-people';

export interface LoginProps {
  mode: 'local' | 'oidc';
  csrf: string;
  next: string;
  demoDistrict?: string;
  error?: string;
  expired?: boolean;
  signedOut?: boolean;
}

export function LoginPage({ mode, csrf, next, demoDistrict, error, expired, signedOut }: LoginProps) {
  return (
    <Layout title="Logga in">
      <h1>Logga in i Bosam</h1>
      {expired && (
        <Notice kind="warn">Logga in för att fortsätta. En inloggning upphör efter 30 minuter utan aktivitet och efter 12 timmar.</Notice>
      )}
      {signedOut && <Notice kind="ok">Du är utloggad.</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {mode === 'oidc' ? (
        <div class="card">
          <p>Du loggar in med kommunens inloggningstjänst.</p>
          {/* A link, not a form: the Content-Security-Policy's form-action 'self' would stop a form's redirect to the issuer. */}
          <a class="button" href={`/login/oidc?next=${encodeURIComponent(next)}`}>
            Logga in
          </a>
        </div>
      ) : (
        <form method="post" action="/login" class="card">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="next" value={next} />
          <div class={error ? 'field has-error' : 'field'}>
            <label for="token">Inloggningsnyckel</label>
            <span class="hint" id="token-hint">
              En nyckel från <code>npm run token -- --role coordinator --district KOD</code>.
            </span>
            <textarea
              id="token"
              name="token"
              rows={4}
              required
              aria-describedby="token-hint"
              autoComplete="off"
              spellcheck={false}
            ></textarea>
          </div>
          <button type="submit">Logga in</button>
        </form>
      )}
      {mode === 'local' && demoDistrict && (
        <section class="card" aria-labelledby="demo-heading">
          <h2 id="demo-heading">Demo: logga in som</h2>
          <p>Demostadsdelen {demoDistrict} är inläst. Välj en person för att prova en roll.</p>
          <ul class="people">
            {DEMO_PEOPLE.map((person) => (
              <li key={person.key}>
                <form method="post" action="/login/demo">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="next" value={next} />
                  <input type="hidden" name="person" value={person.key} />
                  <button type="submit" class="secondary">
                    {person.name}
                  </button>{' '}
                  <span>{person.about}</span>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
