/**
 * A form a service refused is shown again, not thrown away: the action handler sets what was posted
 * and the error on the request and renders the page the form is on, which fills the form with the
 * values typed and lists every error beside it, each naming its field (core/schema.ts).
 */
import type { Context } from 'hono';
import type { JianchaError } from '../../core/errors.ts';
import type { AppEnv } from '../context.ts';

export type Form = Record<string, string | File | (string | File)[]>;

export interface Posted {
  /** the form's action, so a page with several forms fills the refused one only */
  action: string;
  form: Form;
  error: JianchaError;
}

/** The refused post of the form at `action`, when this page is shown again after it. */
export function postedTo(c: Context<AppEnv>, action: string): Posted | undefined {
  const posted = c.get('posted');
  return posted?.action === action ? posted : undefined;
}

/** A posted field's text, trimmed; '' when absent or a file. */
export const str = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');

/** What was typed in a field of the refused form; undefined on a fresh page, where the stored value shows. */
export function typed(posted: Posted | undefined, name: string): string | undefined {
  const value = posted?.form[name];
  return typeof value === 'string' ? value : undefined;
}

/** The refused form's error and each of its details (every one: a roster may have many). */
export function FormErrors(props: { posted: Posted | undefined }) {
  const error = props.posted?.error;
  if (!error) return null;
  return (
    <div class="error" role="alert">
      <p>{error.zh}</p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((d) => (
            <li>{d.zh}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
