/** Walking a rule's conditions: every leaf comparison with its JSON pointer, and the facts it reads. */
import type { TopLevelCondition } from 'json-rules-engine';

export interface Leaf {
  path?: string;
  fact: string;
  operator: string;
  value?: unknown;
}

/** The facts a condition reads: its own, and the one its value refers to ({ "fact": … }). */
export function factsOf(leaf: Leaf): string[] {
  const ref = leaf.value as { fact?: unknown } | null;
  return ref && typeof ref === 'object' && typeof ref.fact === 'string' ? [leaf.fact, ref.fact] : [leaf.fact];
}

export function walkConditions(node: TopLevelCondition | Record<string, unknown>, pointer: string, visit: (leaf: Leaf, pointer: string) => void): void {
  const n = node as Record<string, unknown>;
  for (const key of ['all', 'any'] as const) {
    if (Array.isArray(n[key])) (n[key] as Record<string, unknown>[]).forEach((c, i) => walkConditions(c, `${pointer}/${key}/${i}`, visit));
  }
  if (n.not && typeof n.not === 'object') walkConditions(n.not as Record<string, unknown>, `${pointer}/not`, visit);
  if (typeof n.fact === 'string' && typeof n.operator === 'string') visit(n as unknown as Leaf, pointer);
}
