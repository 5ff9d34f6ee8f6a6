/**
 * Renders official documents from Handlebars templates: a fresh Handlebars environment per plugin
 * with the document helpers, templates compiled in strict mode (a missing variable is an error that
 * names the template and the variable, never an empty hole in an official document), every inserted
 * value escaped. A campaign's override of a template takes the place of the plugin's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { BoundedCache } from '../boundedCache.ts';
import { JianchaError } from '../errors.ts';
import { issuerMark } from './gbt9704.ts';
import type { Plugin } from '../plugin.ts';
import { shownPath } from '../pluginSources.ts';
import { projectRoot } from '../registry.ts';
import {
  chineseDate,
  chineseNumber,
  count,
  deadline,
  dueBy,
  known,
  money,
  monthDay,
  months,
  ordinal,
  percent,
  periods,
  sentence,
  titleLines,
  workingDeadline,
  yesNo,
} from './helpers.ts';

/** The layout and partials every plugin shares; each plugin's own are in its folders.templates. */
export const commonTemplates = join(projectRoot, 'templates', 'common');

/** Where a plugin's documents are looked for, nearest first: its chain's own folders, then common. */
export function templateFolders(plugin: Plugin): string[] {
  return [...plugin.chain().map((p) => p.folders.templates), commonTemplates];
}

type Env = typeof Handlebars;

/**
 * The 发文机关标志 (`{{issuerMark issuer.name "文件"}}`), placed, sized and narrowed by the numbers the
 * .docx takes too (gbt9704.ts issuerMark), so that both show one mark.
 */
function issuerMarkHtml(text: string): Handlebars.SafeString {
  return marks.getOrMake(text, () => markOf(text));
}

// every page prints its issuer's mark, and a region's issuers are few
const marks = new BoundedCache<string, Handlebars.SafeString>(100);

function markOf(text: string): Handlebars.SafeString {
  const { topMm, sizePt, scale, color } = issuerMark(text);
  const narrowed = scale < 100 ? ` style="transform: scaleX(${scale / 100})"` : '';
  return new Handlebars.SafeString(
    `<div class="issuer-mark" style="margin-top: ${topMm}mm; font-size: ${sizePt}pt; color: #${color}"><span${narrowed}>${Handlebars.escapeExpression(text)}</span></div>`,
  );
}

/** The environment, and the names of the helpers in it that are Handlebars' own or the documents', not the plugin's. */
function environment(plugin: Plugin): { env: Env; own: ReadonlySet<string> } {
  const env = Handlebars.create();
  env.registerHelper({
    chineseDate,
    monthDay,
    deadline,
    dueBy,
    chineseNumber,
    ordinal,
    percent,
    money,
    count: (n: number, unit: unknown) => count(n, typeof unit === 'string' ? unit : undefined),
    months: (list: number[], chinese: unknown) => months(list, chinese === true),
    workingDeadline,
    periods,
    known,
    yesNo,
    sentence,
    // not Handlebars' options as the line width
    titleLines: (title: string) => titleLines(title),
    issuerMark: (name: string, suffix: unknown) => issuerMarkHtml(`${name}${typeof suffix === 'string' ? suffix : ''}`),
    add: (a: number, b: number) => a + b,
    eq: (a: unknown, b: unknown) => a === b,
    join: (list: unknown[], sep: unknown) => list.join(typeof sep === 'string' ? sep : '、'),
  });
  const pluginHelpers = plugin.helpers();
  // Handlebars' own and the documents' helpers; of these only lookup reads options.lookupProperty
  const own = new Set(Object.keys(env.helpers).filter((name) => name !== 'lookup' && !(name in pluginHelpers)));
  for (const [name, fn] of Object.entries(pluginHelpers)) env.registerHelper(name, fn as Handlebars.HelperDelegate);
  // partials: common ones, then each plugin's up the chain, nearer ones overriding
  for (const dir of templateFolders(plugin)
    .reverse()
    .map((d) => join(d, 'partials'))) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs')))
      registerPartial(env, file.slice(0, -4), readFileSync(join(dir, file), 'utf8'), shownPath(projectRoot, join(dir, file)));
  }
  return { env, own };
}

/** The helpers a plugin's templates may call (Handlebars' own, the document helpers, the plugin's). */
export function helperNames(plugin: Plugin): string[] {
  return Object.keys(environment(plugin).env.helpers);
}

/** Where a template comes from: the campaign's override, the plugin chain's, or common. */
function templateSource(plugin: Plugin, name: string, overrides: Record<string, string>): { source: string; from: string } {
  if (overrides[name] !== undefined) return { source: overrides[name], from: `campaign override ${name}` };
  for (const dir of templateFolders(plugin)) {
    const file = join(dir, `${name}.hbs`);
    if (existsSync(file)) return { source: readFileSync(file, 'utf8'), from: shownPath(projectRoot, file) };
  }
  throw new JianchaError('not-found', `插件 ${plugin.id} 没有文书模板“${name}”`, `plugin ${plugin.id} has no document template "${name}"`);
}

/**
 * Strict, escaped, and with every helper known when a template is compiled: a plain {{name}} is then
 * a lookup in the context, not first a lookup among the helpers and a test whether it found one (a
 * tenth of a notice); a helper the environment lacks is an error when the template compiles.
 */
function compileOptions(env: Env): CompileOptions {
  return { strict: true, noEscape: false, knownHelpersOnly: true, knownHelpers: Object.fromEntries(Object.keys(env.helpers).map((name) => [name, true])) };
}

/**
 * A partial compiled as strictly as a template, whose errors name its own file and line (Handlebars'
 * name the line in the partial, which read as the including template's).
 */
function registerPartial(env: Env, name: string, source: string, from: string): void {
  let fn: HandlebarsTemplateDelegate | undefined;
  env.registerPartial(name, (context: unknown, options?: RuntimeOptions) => {
    try {
      fn ??= env.compile(source, compileOptions(env));
      return fn(context, options);
    } catch (err) {
      throw err instanceof JianchaError ? err : renderError(err, from);
    }
  });
}

/** Handlebars' strict-mode message ("x" not defined in … - 12:4) or its unknown helper as a clear error. */
function renderError(err: unknown, from: string): JianchaError {
  const message = (err as Error).message ?? String(err);
  const missing = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec(message);
  if (missing) {
    const [, name, line, column] = missing;
    return new JianchaError(
      'invalid-input',
      `模板 ${from} 第 ${line} 行第 ${column} 列：“${name}”没有值`,
      `template ${from} line ${line}, column ${column}: "${name}" is not defined`,
      [{ file: from, zh: `“${name}”没有值`, en: `"${name}" is not defined` }],
    );
  }
  const unknown = /^You specified knownHelpersOnly, but used the unknown helper (\S+) - (\d+):(\d+)$/.exec(message);
  if (unknown) {
    const [, name, line, column] = unknown;
    return new JianchaError(
      'invalid-input',
      `模板 ${from} 第 ${line} 行第 ${column} 列：没有辅助函数“${name}”`,
      `template ${from} line ${line}, column ${column}: there is no helper "${name}"`,
      [{ file: from, zh: `没有辅助函数“${name}”`, en: `there is no helper "${name}"` }],
    );
  }
  return new JianchaError('invalid-input', `模板 ${from} 有错误：${message.split('\n')[0]}`, `template ${from} is invalid: ${message.split('\n')[0]}`, [
    { file: from, zh: message, en: message },
  ]);
}

/**
 * The options Handlebars hands a partial: the environment's helpers wrapped for the runtime, its
 * partials, decorators and hooks. A template called at the top copies and wraps every helper again
 * (its _setup), which was a quarter of a page's time with the layout and the body each called so;
 * called as a partial with these, taken once from a partial's call, it uses them as they are.
 */
function runtimeOptions(env: Env, own: ReadonlySet<string>): RuntimeOptions {
  let taken: RuntimeOptions | undefined;
  env.compile('{{> take}}', { strict: true })(
    {},
    {
      partials: {
        take: (_context: unknown, options?: RuntimeOptions) => {
          taken = options;
          return '';
        },
      },
    },
  );
  const { helpers: wrapped, hooks, protoAccessControl, partial } = taken as RuntimeOptions & Record<string, unknown>;
  // the runtime wraps every helper to hand it options.lookupProperty, a call through arguments and
  // apply each time (a twentieth of a notice); the document helpers and Handlebars' own other than
  // lookup never read it, so they are called as registered; a plugin's keep the wrapper
  const helpers = Object.fromEntries(
    Object.entries(wrapped as Record<string, Handlebars.HelperDelegate>).map(([name, fn]) => [name, own.has(name) ? env.helpers[name] : fn]),
  );
  // the registries themselves: every partial is a function, so none is compiled into them at run time
  return { helpers, partials: env.partials, decorators: env.decorators, hooks, protoAccessControl, partial } as RuntimeOptions;
}

export interface Renderer {
  /** the body of a document, as HTML */
  render: (name: string, context: object) => string;
  /** a whole printable page: the body inside templates/common/layout.hbs */
  page: (name: string, context: { title: string; [key: string]: unknown }) => string;
}

export function createRenderer(plugin: Plugin, overrides: Record<string, string> = {}): Renderer {
  const { env, own } = environment(plugin);
  // an override of a partial takes its place in every template that includes it
  for (const [name, source] of Object.entries(overrides)) if (env.partials[name] !== undefined) registerPartial(env, name, source, `campaign override ${name}`);
  const compiled = new Map<string, { fn: HandlebarsTemplateDelegate; from: string }>();
  const runtime = runtimeOptions(env, own);
  const render = (name: string, context: object) => {
    let t = compiled.get(name);
    if (!t) {
      const { source, from } = templateSource(plugin, name, overrides);
      try {
        t = { fn: env.compile(source, compileOptions(env)), from };
      } catch (err) {
        throw renderError(err, from);
      }
      compiled.set(name, t);
    }
    try {
      return t.fn(context, { ...runtime, data: { root: context } });
    } catch (err) {
      throw err instanceof JianchaError ? err : renderError(err, t.from);
    }
  };
  return {
    render,
    page: (name, context) => render('layout', { ...context, body: new Handlebars.SafeString(render(name, context)) }),
  };
}

/**
 * Refuse a campaign's template that could insert a value unescaped, judged on Handlebars' own parse
 * of it (a pattern misses `{{~{x}~}}` and the like): every mustache must be escaped, and decorators,
 * which can define partials and helpers at render time, are not for a campaign's wording.
 */
export function requireEscaped(name: string, source: string): void {
  const from = `campaign override ${name}`;
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    throw renderError(err, from);
  }
  const refusals: { line: number; column: number; what: string }[] = [];
  const at = (node: hbs.AST.Node, what: string) => refusals.push({ line: node.loc.start.line, column: node.loc.start.column + 1, what });
  class Check extends Handlebars.Visitor {
    override MustacheStatement(m: hbs.AST.MustacheStatement) {
      if (!m.escaped) at(m, '{{{ }}} / {{& }}');
      super.MustacheStatement(m);
    }
    override Decorator(d: hbs.AST.Decorator) {
      at(d, '{{* }}');
      super.Decorator(d);
    }
    override DecoratorBlock(d: hbs.AST.DecoratorBlock) {
      at(d, '{{#* }}');
      super.DecoratorBlock(d);
    }
  }
  new Check().accept(ast);
  if (refusals.length) {
    throw new JianchaError(
      'invalid-input',
      '覆盖的模板不得插入不转义的值（{{{ }}}、{{& }}）或使用修饰器（{{* }}）',
      'an override may not insert unescaped values ({{{ }}}, {{& }}) or use decorators ({{* }})',
      refusals.map((r) => ({ file: from, zh: `第 ${r.line} 行第 ${r.column} 列：${r.what}`, en: `line ${r.line}, column ${r.column}: ${r.what}` })),
    );
  }
}

/** Check a campaign's override before it is saved: it must compile and render the sample context. */
export function validateOverride(plugin: Plugin, name: string, source: string, sample: object): void {
  createRenderer(plugin, { [name]: source }).render(name, sample);
}
