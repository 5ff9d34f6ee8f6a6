/**
 * Derived facts as data: an expression over an employer's facts, such as the weighted score
 * `0.4*attendanceScore + 0.3*wageScore + 0.3*contractScore`, a sum of counts, comparisons, `&&`,
 * `||`, `!`, `x > 3 ? 1 : 0`, and the functions min, max, round, abs, floor and ceil. jsep parses
 * the text (it only parses); here the tree is compiled once into closures, accepting only the node
 * types and functions below. Nothing is ever given to eval or new Function, and a name can only read
 * a fact, or a property a fact's own object holds, so an expression cannot reach any code.
 */
import jsep from 'jsep';
import { JianchaError, type ErrorDetail } from './errors.ts';
import type { Facts } from './types.ts';

export interface CompiledExpression {
  /** the facts the expression reads, for the check that they are given */
  reads: string[];
  evaluate: (facts: Facts) => unknown;
}

/** Where an expression sits and the facts it may read, for its errors. */
export interface ExpressionContext {
  /** the derived fact it computes, named in errors at run time */
  fact: string;
  file?: string;
  pointer: string;
  /** a fact by this name exists (given, or derived by another expression) */
  known: (name: string) => boolean;
  /** names offered when a name is unknown ("did you mean") */
  names: readonly string[];
}

type Node = jsep.Expression;
type Evaluate = (facts: Facts) => unknown;

const FUNCTIONS: Record<string, { arity: [number, number]; apply: (...args: number[]) => number }> = {
  min: { arity: [1, Infinity], apply: Math.min },
  max: { arity: [1, Infinity], apply: Math.max },
  // round half away from zero to `digits` decimals, as scores are rounded by hand: round(2.345, 2) is 2.35
  round: {
    arity: [1, 2],
    apply: (x, digits = 0) => {
      const scale = 10 ** digits;
      return (Math.sign(x) * Math.round(Math.abs(x) * scale + 1e-9)) / scale;
    },
  },
  abs: { arity: [1, 1], apply: Math.abs },
  floor: { arity: [1, 1], apply: Math.floor },
  ceil: { arity: [1, 1], apply: Math.ceil },
};

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};
const ORDER: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};
// == is strict: no coercion between a number and a string
const EQUALITY: Record<string, (a: unknown, b: unknown) => boolean> = {
  '==': (a, b) => a === b,
  '===': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '!==': (a, b) => a !== b,
};

export function compileExpression(text: string, ctx: ExpressionContext): CompiledExpression {
  let tree: Node;
  try {
    tree = jsep(text);
  } catch (err) {
    throw invalid(ctx, `表达式无法解析：${(err as Error).message}`, `the expression does not parse: ${(err as Error).message}`);
  }
  const reads = new Set<string>();
  const evaluate = compileNode(tree, ctx, reads);
  return { reads: [...reads].sort(), evaluate };
}

function compileNode(node: Node, ctx: ExpressionContext, reads: Set<string>): Evaluate {
  const sub = (n: Node) => compileNode(n, ctx, reads);
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      if (value instanceof RegExp) break;
      return () => value;
    }
    case 'Identifier':
    case 'MemberExpression':
      return factReader(node, ctx, reads);
    case 'UnaryExpression': {
      const { operator, argument } = node as jsep.UnaryExpression;
      const arg = sub(argument);
      if (operator === '!') return (facts) => !truth(arg(facts), ctx);
      if (operator === '-') return (facts) => -numeric(arg(facts), operator, ctx);
      if (operator === '+') return (facts) => numeric(arg(facts), operator, ctx);
      throw invalid(ctx, `不支持运算符 "${operator}"`, `operator "${operator}" is not allowed`);
    }
    case 'BinaryExpression': {
      const { operator, left, right } = node as jsep.BinaryExpression;
      const a = sub(left);
      const b = sub(right);
      const arithmetic = ARITHMETIC[operator];
      if (arithmetic) return (facts) => arithmetic(numeric(a(facts), operator, ctx), numeric(b(facts), operator, ctx));
      const order = ORDER[operator];
      if (order) return (facts) => order(numeric(a(facts), operator, ctx), numeric(b(facts), operator, ctx));
      const equality = EQUALITY[operator];
      if (equality) return (facts) => equality(a(facts), b(facts));
      if (operator === '&&') return (facts) => truth(a(facts), ctx) && truth(b(facts), ctx);
      if (operator === '||') return (facts) => truth(a(facts), ctx) || truth(b(facts), ctx);
      throw invalid(ctx, `不支持运算符 "${operator}"`, `operator "${operator}" is not allowed`);
    }
    case 'ConditionalExpression': {
      const { test, consequent, alternate } = node as jsep.ConditionalExpression;
      const t = sub(test);
      const yes = sub(consequent);
      const no = sub(alternate);
      return (facts) => (truth(t(facts), ctx) ? yes(facts) : no(facts));
    }
    case 'CallExpression': {
      const { callee, arguments: args } = node as jsep.CallExpression;
      const name = callee.type === 'Identifier' ? (callee as jsep.Identifier).name : undefined;
      const fn = name !== undefined && Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!fn || name === undefined) {
        const known = Object.keys(FUNCTIONS);
        const hint = name ? didYouMean(name, known) : undefined;
        throw invalid(
          ctx,
          `未知函数${name ? ` "${name}"` : ''}（可用：${known.join('、')}）${hint ? `，是否指 "${hint}"？` : ''}`,
          `unknown function${name ? ` "${name}"` : ''} (allowed: ${known.join(', ')})${hint ? `; did you mean "${hint}"?` : ''}`,
        );
      }
      if (args.length < fn.arity[0] || args.length > fn.arity[1]) {
        throw invalid(ctx, `函数 ${name} 的参数个数不对（${args.length}）`, `function ${name} takes ${fn.arity.join(' to ')} arguments, not ${args.length}`);
      }
      const compiled = args.map(sub);
      const apply = fn.apply;
      // one and two arguments without an array per call: batch work computes millions
      if (compiled.length === 1) {
        const [x] = compiled;
        return (facts) => apply(numeric(x(facts), name, ctx));
      }
      if (compiled.length === 2) {
        const [x, y] = compiled;
        return (facts) => apply(numeric(x(facts), name, ctx), numeric(y(facts), name, ctx));
      }
      return (facts) => apply(...compiled.map((arg) => numeric(arg(facts), name, ctx)));
    }
  }
  throw invalid(ctx, `表达式中不允许 ${node.type}`, `${node.type} is not allowed in an expression`);
}

/**
 * A name reads a fact: `score`, a namespaced fact `cq.score`, or a property of a fact's object
 * (`writtenReview.overdue`), own properties only. Computed members (`a[0]`) are not allowed.
 */
function factReader(node: Node, ctx: ExpressionContext, reads: Set<string>): Evaluate {
  const parts: string[] = [];
  for (let n = node; ; ) {
    if (n.type === 'Identifier') {
      parts.unshift((n as jsep.Identifier).name);
      break;
    }
    const m = n as jsep.MemberExpression;
    if (n.type !== 'MemberExpression' || m.computed || m.property.type !== 'Identifier') {
      throw invalid(ctx, '表达式只能按名称读取事实（不允许 [] 或调用的结果）', 'an expression reads facts by name only (no [] and no member of a result)');
    }
    parts.unshift((m.property as jsep.Identifier).name);
    n = m.object;
  }
  // the longest dotted prefix that is a fact, the rest a path into its value
  for (let i = parts.length; i > 0; i--) {
    const name = parts.slice(0, i).join('.');
    if (!ctx.known(name)) continue;
    reads.add(name);
    const path = parts.slice(i);
    if (!path.length) return (facts) => facts[name];
    return (facts) => {
      let value = facts[name];
      for (const key of path) value = value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Facts)[key] : undefined;
      return value;
    };
  }
  const shown = parts.join('.');
  const hint = didYouMean(shown, ctx.names);
  throw invalid(ctx, `未知事实 "${shown}"${hint ? `，是否指 "${hint}"？` : ''}`, `unknown fact "${shown}"${hint ? `; did you mean "${hint}"?` : ''}`);
}

function numeric(value: unknown, operator: string, ctx: ExpressionContext): number {
  if (typeof value === 'number') return value;
  throw new JianchaError(
    'invalid-facts',
    `派生事实 ${ctx.fact} 的 ${operator} 需要数值，得到 ${JSON.stringify(value) ?? 'undefined'}`,
    `derived fact ${ctx.fact}: ${operator} needs numbers, got ${JSON.stringify(value) ?? 'undefined'}`,
  );
}

function truth(value: unknown, ctx: ExpressionContext): boolean {
  if (typeof value === 'boolean') return value;
  throw new JianchaError(
    'invalid-facts',
    `派生事实 ${ctx.fact} 的条件须为真或假，得到 ${JSON.stringify(value) ?? 'undefined'}`,
    `derived fact ${ctx.fact}: a condition must be true or false, got ${JSON.stringify(value) ?? 'undefined'}`,
  );
}

function invalid(ctx: ExpressionContext, zh: string, en: string): JianchaError {
  const detail: ErrorDetail = { pointer: ctx.pointer, zh, en };
  if (ctx.file) detail.file = ctx.file;
  return new JianchaError('invalid-plugin', `派生事实 ${ctx.fact}：${zh}`, `derived fact ${ctx.fact}: ${en}`, [detail]);
}

/** The known name nearest to `name` by edit distance, when near enough to be a slip. */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
