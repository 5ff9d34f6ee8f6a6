/**
 * A form made from a JSON schema of flat settings (a plugin's campaign schema): one field per
 * property, labelled by its Chinese title, of the kind its type gives (a date, a number, a line or
 * lines of text, a list one item a line, a map of numbers one field an entry), filled with defaults
 * or with what was typed; and the posted fields read back into the object the schema checks, so the
 * server's errors (by JSON pointer) land on the field they name.
 */
import type { ErrorDetail } from '../../core/errors.ts';
import { type Posted, typed } from './posted.tsx';
import { DateInput } from './layout.tsx';

interface PropertySchema {
  title?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  items?: { type?: string };
  additionalProperties?: PropertySchema | boolean;
  'x-after'?: string[];
  'x-notBefore'?: string[];
}

type Kind = 'date' | 'integer' | 'number' | 'text' | 'longText' | 'nullableText' | 'lines' | 'numberMap';

/** One field of the form: its name in the post, the pointer the server's errors give it, its default. */
export interface Field {
  name: string;
  pointer: string;
  label: string;
  hint?: string;
  kind: Kind;
  required: boolean;
  value: string;
  min?: number;
  max?: number;
  /** a map's entries, each a number field of its own */
  entries?: Field[];
  /** the fields a date must follow (core/services/settingsDates.ts), later or on the same day */
  after?: string[];
  notBefore?: string[];
}

/** A text longer than this is given a box of its own lines (a title, an address). */
const LONG = 30;

function kindOf(p: PropertySchema, value: unknown): Kind {
  const types = Array.isArray(p.type) ? p.type : [p.type];
  if (p.format === 'date') return 'date';
  if (types.includes('integer')) return 'integer';
  if (types.includes('number')) return 'number';
  if (types.includes('array')) return 'lines';
  if (types.includes('object') && typeof p.additionalProperties === 'object') return 'numberMap';
  if (types.includes('null')) return 'nullableText';
  return typeof value === 'string' && value.length > LONG ? 'longText' : 'text';
}

const shown = (v: unknown) => (Array.isArray(v) ? v.join('\n') : v === undefined || v === null ? '' : String(v));

/**
 * The fields of the schema's properties, `prefix` before each name; defaults from `defaults`. A map's
 * entries are the defaults' keys, each labelled by `entryLabel`.
 */
export function schemaFields(
  schema: { properties?: Record<string, PropertySchema>; required?: string[] },
  defaults: Record<string, unknown>,
  pointer: string,
  entryLabel: (key: string, entry: string) => { label: string; min?: number; max?: number } = (_k, entry) => ({ label: entry }),
): Field[] {
  return Object.entries(schema.properties ?? {}).map(([key, p]) => {
    const kind = kindOf(p, defaults[key]);
    const field: Field = {
      name: `s.${key}`,
      pointer: `${pointer}/${key}`,
      label: p.title ?? p.description ?? key,
      hint: p.description && p.description !== p.title ? p.description : undefined,
      kind,
      required: schema.required?.includes(key) ?? false,
      value: kind === 'numberMap' ? '' : shown(defaults[key]),
      min: p.minimum,
      max: p.maximum,
      after: p['x-after']?.map((k) => `s.${k}`),
      notBefore: p['x-notBefore']?.map((k) => `s.${k}`),
    };
    if (kind === 'numberMap') {
      const entry = p.additionalProperties as PropertySchema;
      field.entries = Object.entries((defaults[key] ?? {}) as Record<string, unknown>).map(([k, v]) => ({
        name: `s.${key}.${k}`,
        pointer: `${pointer}/${key}/${k}`,
        kind: 'number',
        required: true,
        value: shown(v),
        min: entry.minimum,
        max: entry.maximum,
        ...entryLabel(key, k),
      }));
    }
    return field;
  });
}

/** A number as typed, or the text itself when it is none, for the schema to refuse by name. */
const numberOf = (raw: string) => (raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw);

/** The posted fields as the object the schema checks: an empty field is left out (null where the schema allows). */
export function readFields(fields: Field[], form: Posted['form']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const key = f.name.slice('s.'.length);
    const raw = typeof form[f.name] === 'string' ? (form[f.name] as string).trim() : '';
    if (f.kind === 'numberMap') {
      out[key] = Object.fromEntries((f.entries ?? []).map((e) => [e.name.slice(f.name.length + 1), numberOf(String(form[e.name] ?? '').trim())]));
    } else if (f.kind === 'nullableText') out[key] = raw === '' ? null : raw;
    else if (raw === '') continue;
    else if (f.kind === 'integer' || f.kind === 'number') out[key] = numberOf(raw);
    else if (f.kind === 'lines')
      out[key] = raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
    else out[key] = raw;
  }
  return out;
}

/** The errors of a field: those whose pointer is the field's or lies below it. */
const errorsOf = (errors: ErrorDetail[], pointer: string) => errors.filter((e) => e.pointer === pointer || e.pointer?.startsWith(`${pointer}/`));

const idOf = (f: Field) => `field-${f.name}`;

function Input(props: { field: Field; value: string; invalid: boolean }) {
  const { field: f, value } = props;
  const common = { id: idOf(f), name: f.name, required: f.required, 'aria-invalid': props.invalid ? 'true' : undefined };
  if (f.kind === 'longText' || f.kind === 'lines')
    return (
      <textarea {...common} rows={f.kind === 'lines' ? 3 : 2}>
        {value}
      </textarea>
    );
  if (f.kind === 'date')
    return (
      <DateInput
        id={common.id}
        name={f.name}
        required={f.required}
        invalid={props.invalid}
        value={value}
        after={f.after?.join(' ')}
        notBefore={f.notBefore?.join(' ')}
      />
    );
  if (f.kind === 'integer' || f.kind === 'number')
    return <input {...common} type="number" step={f.kind === 'integer' ? '1' : 'any'} min={f.min} max={f.max} value={value} />;
  return <input {...common} value={value} />;
}

/** Long texts, lists and maps take the form's whole width; a refused field is marked. */
const classOf = (f: Field, errors: ErrorDetail[]) =>
  [['longText', 'lines', 'numberMap'].includes(f.kind) && 'wide', errors.length && 'invalid'].filter(Boolean).join(' ') || undefined;

/** One field with its label, hint and errors; a map as a group of its entries. */
export function SchemaField(props: { field: Field; posted: Posted | undefined }) {
  const { field: f, posted } = props;
  const errors = errorsOf(posted?.error.details ?? [], f.pointer);
  if (f.entries) {
    return (
      <fieldset class={classOf(f, errors)}>
        <legend>{f.label}</legend>
        {f.hint && <p class="note">{f.hint}</p>}
        {f.entries.map((e) => (
          <SchemaField field={e} posted={posted} />
        ))}
        {errors
          .filter((e) => e.pointer === f.pointer)
          .map((e) => (
            <p class="error">{e.zh}</p>
          ))}
      </fieldset>
    );
  }
  return (
    <label class={classOf(f, errors)} htmlFor={idOf(f)}>
      {f.label}
      {f.kind === 'lines' && '（每行一项）'}
      {f.hint && <small class="note">{f.hint}</small>}
      <Input field={f} value={typed(posted, f.name) ?? f.value} invalid={errors.length > 0} />
      {errors.map((e) => (
        <span class="error">{e.zh}</span>
      ))}
    </label>
  );
}
