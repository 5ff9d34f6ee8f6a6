/**
 * The columns of a year-record spreadsheet, read from the vocabulary: every fact whose source is the
 * year record, the shared ones and the region's own, by its label or its name; of an object-valued
 * fact, each property with a label of its own (writtenReview: 书面审查逾期, 逾期有正当理由), by its
 * label or its path. No record, or an empty cell, means nothing was recorded: no count, no event.
 */
import { type FactSchema, sourceOf, vocabularyOf } from '../knownFacts.ts';
import type { Plugin } from '../plugin.ts';
import type { Facts } from '../types.ts';
import { regionCell } from './employerColumns.ts';

export interface RecordColumn {
  /** the fact, then the property of an object-valued one */
  path: string[];
  headers: string[];
  /** turns a cell into the value; throws a CellError when it cannot */
  parse: (cell: string) => unknown;
}

/** The value of nothing recorded: the vocabulary's default, else 0 for a count, false for an event, each labelled property of an object; else none. */
function emptyValue(schema: FactSchema): unknown {
  // a score's full marks: nothing recorded is not a score of 0
  if (Object.hasOwn(schema, 'default')) return schema.default;
  const types = [schema.type].flat();
  if (types.includes('integer') || types.includes('number')) return 0;
  if (types.includes('boolean')) return false;
  if (types.includes('object')) return Object.fromEntries(labelled(schema).map(([name, s]) => [name, emptyValue(s)]));
  return undefined;
}

const labelled = (schema: FactSchema) =>
  Object.entries((schema.properties ?? {}) as Record<string, FactSchema>).filter(([, s]) => typeof s['x-label'] === 'string');

const yearRecordFacts = (plugin?: Plugin) => [...vocabularyOf(plugin)].filter(([, schema]) => sourceOf(schema) === 'yearRecord');

export function yearRecordColumns(plugin?: Plugin): RecordColumn[] {
  const column = (path: string[], schema: FactSchema): RecordColumn => {
    const read = regionCell(schema);
    const empty = emptyValue(schema);
    return { path, headers: [schema['x-label'] as string, path.join('.')], parse: (cell) => (cell === '' ? empty : read(cell)) };
  };
  return yearRecordFacts(plugin).flatMap(([fact, schema]) =>
    [schema.type].flat().includes('object') ? labelled(schema).map(([name, s]) => column([fact, name], s)) : [column([fact], schema)],
  );
}

/** The record of an employer against whom nothing was recorded this year. */
export function emptyRecord(plugin?: Plugin): Facts {
  const record: Facts = {};
  for (const [fact, schema] of yearRecordFacts(plugin)) {
    const value = emptyValue(schema);
    if (value !== undefined) record[fact] = value;
  }
  return record;
}

/** `stored` over `base`, an object-valued fact property by property, without changing either. */
export function overRecord(base: Facts, stored: Facts): Facts {
  const record: Facts = { ...base };
  for (const [fact, value] of Object.entries(stored)) {
    const under = record[fact];
    record[fact] = isObject(under) && isObject(value) ? { ...under, ...value } : value;
  }
  return record;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets a column's value in `record`, copying the object it belongs to rather than changing a shared one. */
export function setAt(record: Facts, [fact, ...rest]: string[], value: unknown): void {
  if (!rest.length) record[fact] = value;
  else {
    const under: Facts = isObject(record[fact]) ? { ...(record[fact] as Facts) } : {};
    setAt(under, rest, value);
    record[fact] = under;
  }
}

/** The year record within an employer's facts (a synthetic employer's, say): each column's value it has. */
export function recordWithin(plugin?: Plugin): (facts: Facts) => Facts {
  const empty = emptyRecord(plugin);
  const paths = yearRecordColumns(plugin).map((c) => c.path);
  return (facts) => {
    const record = { ...empty };
    for (const path of paths) {
      const value = path.reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), facts);
      if (value !== undefined) setAt(record, path, value);
    }
    return record;
  };
}
