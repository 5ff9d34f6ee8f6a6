/**
 * Code of the national plugin, inherited by every region: the operators its rulesets use (years in a
 * row at the best grade come from the grade scale, core/gradeScale.ts). Pure functions only; rulesets name them, they never carry code.
 */
import type { PluginCode } from '../../core/types.ts';

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
};

export default national;
