/**
 * Code of the national plugin, inherited by every region: the operators its rulesets use and the
 * facts derived from others. Pure functions only; rulesets name them, they never carry code.
 */
import type { Facts, PluginCode } from '../../core/types.ts';

const national: PluginCode = {
  operators: {
    /** industry codes by GB/T 4754 prefix: "4" matches 47, 4711 ... */
    prefixIn: (factValue, value) => typeof factValue === 'string' && Array.isArray(value) && value.some((p) => factValue.startsWith(String(p))),
    /** a list of objects holds one with all the given properties, e.g. a violation of severity "penalty" */
    someItem: (factValue, value) =>
      Array.isArray(factValue) &&
      typeof value === 'object' &&
      value !== null &&
      factValue.some((item) => Object.entries(value).every(([k, v]) => (item as Record<string, unknown>)?.[k] === v)),
    lengthAtLeast: (factValue, value) => Array.isArray(factValue) && factValue.length >= Number(value),
  },
  facts: {
    consecutiveAYears: {
      description: '截至本周期连续评为A级的年数（本周期等级 grade 与历年等级 gradeHistory）',
      compute: (facts: Facts) => {
        if (facts.grade !== 'A') return 0;
        const byYear = new Map(((facts.gradeHistory as { year: number; grade: string }[] | undefined) ?? []).map((h) => [h.year, h.grade]));
        let years = 1;
        for (let y = (facts.year as number) - 1; byYear.get(y) === 'A'; y--) years++;
        return years;
      },
    },
  },
};

export default national;
