/**
 * The columns of an employer registry spreadsheet: the Chinese headers bureaus use (a fact's label in
 * the vocabulary first), the fact names also accepted, and how each cell becomes a fact. A region's
 * own registry facts are columns too, read by their schema. Unknown values are errors, never guesses.
 */
import type { GradeScale } from '../gradeScale.ts';
import { type FactSchema, SHARED_SCHEMAS } from '../knownFacts.ts';
import type { Plugin } from '../plugin.ts';
import type { Park } from '../types.ts';

/** What a cell is read against: the plugin's parks, grade scale and the words for a fact's values. */
export interface ColumnContext {
  parks: Park[];
  scale: GradeScale;
  words: (fact: string) => Record<string, string | null>;
}

export interface Column {
  fact: string;
  headers: string[];
  required: boolean;
  /** turns a cell into the fact's value; throws a message (Chinese, English) when it cannot */
  parse: (cell: string, context: ColumnContext) => unknown;
}

export class CellError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** A cell by the words the vocabulary gives for the fact's values (wordsOf), named in Chinese when none fits. */
function choice(fact: string, zhName: string) {
  return (cell: string, { words }: ColumnContext) => {
    const map = words(fact);
    if (cell in map) return map[cell];
    const allowed = Object.keys(map).filter((k) => /[\u4e00-\u9fa5]/.test(k));
    throw new CellError(
      `“${cell}”不是有效的${zhName}（可填：${allowed.join('、')}）`,
      `"${cell}" is not a valid value (allowed: ${Object.keys(map).filter(Boolean).join(', ')})`,
    );
  };
}

/** a level by code or label (A, A级), or none: empty, 未评级 or the scale's not-graded label */
function lastGrade(cell: string, scale: GradeScale): string | null {
  if (cell === '' || cell === '未评级' || cell === scale.notGraded.label) return null;
  const level = scale.levels.find((l) => l.code === cell || l.label === cell);
  if (level) return level.code;
  throw new CellError(
    `“${cell}”不是有效的等级（可填：${scale.levels.map((l) => l.code).join('、')}、未评级）`,
    `"${cell}" is not a valid value (allowed: ${scale.codes.join(', ')}, or empty)`,
  );
}

const YES = ['是', 'Y', 'y', 'true', 'TRUE', '1', '有'];
const NO = ['否', 'N', 'n', 'false', 'FALSE', '0', '无', ''];
function yesNo(cell: string): boolean {
  if (YES.includes(cell)) return true;
  if (NO.includes(cell)) return false;
  throw new CellError(`“${cell}”应填“是”或“否”`, `"${cell}" should be 是 or 否 (yes/no)`);
}

function integer(cell: string): number {
  if (!/^\d+$/.test(cell)) throw new CellError(`“${cell}”应为非负整数`, `"${cell}" should be a whole number ≥ 0`);
  return Number(cell);
}

/** The headers of a shared fact: its label in the vocabulary, the other names bureaus use, its own name. */
const headers = (fact: string, ...others: string[]) => [SHARED_SCHEMAS[fact]['x-label'] as string, ...others, fact];

export const COLUMNS: Column[] = [
  { fact: 'creditCode', headers: headers('creditCode'), required: true, parse: (c) => c.toUpperCase() },
  { fact: 'name', headers: headers('name'), required: true, parse: (c) => c },
  { fact: 'unitType', headers: headers('unitType'), required: true, parse: choice('unitType', '单位类型') },
  { fact: 'adminLevel', headers: headers('adminLevel'), required: false, parse: choice('adminLevel', '隶属层级') },
  { fact: 'divisionCode', headers: headers('divisionCode', '行政区划代码'), required: true, parse: (c) => c },
  {
    fact: 'workDivisionCodes',
    headers: headers('workDivisionCodes'),
    required: false,
    parse: (c) => c.split(/[、,，;；\s]+/).filter(Boolean),
  },
  {
    fact: 'park',
    headers: headers('park'),
    required: false,
    parse: (c, { parks }) => {
      if (c === '') return null;
      const park = parks.find((p) => p.id === c || p.name === c);
      if (!park) throw new CellError(`“${c}”不是已知的园区（可填：${parks.map((p) => p.name).join('、') || '无'}）`, `"${c}" is not a known park`);
      return park.id;
    },
  },
  { fact: 'industryCode', headers: headers('industryCode'), required: false, parse: (c) => c },
  { fact: 'headcount', headers: headers('headcount', '建立劳动关系人数'), required: true, parse: integer },
  { fact: 'usesDispatch', headers: headers('usesDispatch'), required: false, parse: yesNo },
  { fact: 'operating', headers: headers('operating'), required: false, parse: (c) => (c === '' ? true : yesNo(c)) },
  { fact: 'lastGrade', headers: headers('lastGrade'), required: false, parse: (c, { scale }) => lastGrade(c, scale) },
];

/** A region fact's cell by its schema: an empty cell records nothing, so the ruleset's default applies. */
export function regionCell(schema: FactSchema): (cell: string) => unknown {
  const values = schema.enum as unknown[] | undefined;
  const types = [schema.type].flat();
  return (cell) => {
    if (cell === '') return null;
    if (values) {
      if (values.includes(cell)) return cell;
      throw new CellError(`“${cell}”不是有效的值（可填：${values.join('、')}）`, `"${cell}" is not a valid value (allowed: ${values.join(', ')})`);
    }
    if (types.includes('boolean')) return yesNo(cell);
    if (types.includes('integer')) return integer(cell);
    if (types.includes('number')) {
      if (!/^-?\d+(\.\d+)?$/.test(cell)) throw new CellError(`“${cell}”应为数字`, `"${cell}" should be a number`);
      return Number(cell);
    }
    return cell;
  };
}

/** The registry's columns for a plugin: the shared ones, and its chain's own facts whose source is the registry, by label or name. */
export function registryColumns(plugin: Plugin): Column[] {
  const own = Object.entries(plugin.vocabulary())
    .filter(([, schema]) => schema['x-source'] === 'registry')
    .map(([fact, schema]): Column => ({ fact, headers: [schema['x-label'] as string, fact], required: false, parse: regionCell(schema) }));
  return [...COLUMNS, ...own];
}
