import { ComponentChildren } from 'preact';
import { Actor, Role } from '@bosam/platform';

export const ROLE_SV: Record<Role, string> = {
  admin: 'Administratör',
  coordinator: 'Samordnare',
  unit_rep: 'Enhetsrepresentant',
  evaluator: 'Utvärderare',
  auditor: 'Granskare',
};

interface NavItem {
  href: string;
  label: string;
  roles: Role[];
}

// Each role sees the pages it may use: the same roles as the API's operations behind them.
const NAV: NavItem[] = [
  { href: '/', label: 'Start', roles: ['admin', 'coordinator', 'unit_rep', 'evaluator', 'auditor'] },
  { href: '/moten', label: 'Möten', roles: ['coordinator', 'unit_rep'] },
  { href: '/arenden', label: 'Ärenden', roles: ['coordinator', 'unit_rep'] },
  { href: '/underrattelser/ny', label: 'Underrättelser', roles: ['coordinator'] },
  { href: '/nasta-steg', label: 'Nästa steg', roles: ['coordinator', 'unit_rep'] },
  { href: '/samverkan', label: 'Samverkan', roles: ['coordinator'] },
  { href: '/utvardering', label: 'Utvärdering', roles: ['coordinator', 'evaluator'] },
  { href: '/installningar', label: 'Inställningar', roles: ['admin', 'coordinator'] },
  { href: '/sok', label: 'Sök', roles: ['coordinator', 'unit_rep'] },
];

export interface LayoutProps {
  title: string;
  actor?: Actor;
  csrfToken?: string;
  /** The nav item to mark as the current page. */
  current?: string;
  children: ComponentChildren;
}

/** The frame of every page: skip link, header with navigation and sign-out, main, footer. */
export function Layout({ title, actor, csrfToken, current, children }: LayoutProps) {
  return (
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* htmx must not add a <style> element of its own: the Content-Security-Policy allows only our stylesheet. */}
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"defaultTimeout":30000}' />
        <title>{`${title} – Bosam`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Hoppa till innehållet
        </a>
        <header class="site">
          <div class="brand">
            <a href="/">Bosam</a>
            <span class="tagline">Samverkan mot vräkningar</span>
          </div>
          {actor && (
            <nav aria-label="Huvudmeny">
              <ul>
                {NAV.filter((item) => item.roles.includes(actor.role)).map((item) => (
                  <li key={item.href}>
                    <a href={item.href} aria-current={current === item.href ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {actor && (
            <div class="who">
              <span>
                {actor.name} · {ROLE_SV[actor.role]}
                {actor.unit ? ` (${actor.unit})` : ''} · {actor.district}
              </span>
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" class="link">
                  Logga ut
                </button>
              </form>
            </div>
          )}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site">Bosam · uppgifterna omfattas av sekretess enligt offentlighets- och sekretesslagen (2009:400) 26 kap.</footer>
      </body>
    </html>
  );
}

/** The hidden CSRF field of every form. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

/** A labelled input with its Swedish error beside it (aria-describedby ties them together). */
export function Field(props: {
  name: string;
  label: string;
  value?: string | number | null;
  type?: 'text' | 'date' | 'time' | 'number' | 'email' | 'file';
  error?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  id?: string;
  min?: string;
  inputmode?: 'numeric' | 'decimal' | 'text';
}) {
  const id = props.id ?? `f-${props.name.replace(/[^a-zA-Z0-9]/g, '-')}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      <input
        id={id}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.value ?? ''}
        required={props.required}
        min={props.min}
        inputMode={props.inputmode}
        autoComplete={props.autocomplete ?? 'off'}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described}
      />
      {props.error && (
        <span class="error" id={`${id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  options: Array<[string, string]>;
  value?: string | null;
  error?: string;
  required?: boolean;
  id?: string;
  empty?: string;
}) {
  const id = props.id ?? `f-${props.name.replace(/[^a-zA-Z0-9]/g, '-')}`;
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
      {props.error && (
        <span class="error" id={`${id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  );
}

/** A message above a form or list: what went wrong, or what was done. */
export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'warn'; children: ComponentChildren }) {
  return (
    <div class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
