/**
 * The declaration's fields (申报表: what an employer declares about itself, the 书面审查表's basic
 * data) as the plugin declares them in plugin.json: one schema for the declaration service's check,
 * the reviewForm's data, the form samples and the console's form.
 */
import type { Plugin } from './plugin.ts';

/** The declared basics as the declaration service accepts them: only the plugin's fields. */
export function basicsSchema(plugin: Plugin): object {
  return { type: 'object', additionalProperties: false, properties: plugin.declarationFields() };
}

/** The fields entered as numbers (counts, sums, days), with the name the console's form shows. */
export function numberFields(plugin: Plugin): { name: string; label: string }[] {
  return Object.entries(plugin.declarationFields())
    .filter(([, f]) => f.type === 'integer' || f.type === 'number')
    .map(([name, f]) => ({ name, label: f['x-unit'] ? `${f.title}（${f['x-unit']}）` : f.title }));
}

/**
 * The declared basics of the form samples and the demo: each field's first example, and a count of
 * the employer's people its `people` (an employer of 4 does not insure 20).
 */
export function sampleBasics(plugin: Plugin, people: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plugin.declarationFields()).map(([name, f]) => [name, f['x-people'] ? people : f.examples[0]]));
}
