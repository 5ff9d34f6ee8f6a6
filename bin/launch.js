// Starts one of the project's entry points (cli/main.ts, server/main.ts) as the JavaScript that
// `npm install` compiles into dist/ (npm run build), so no TypeScript loader runs at start-up. In a
// development checkout where dist/ is missing or older than a source file, it runs the TypeScript
// through tsx instead, so an edit takes effect without a rebuild (run `npm run build` to be fast again).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['core', 'cli', 'server', 'plugins'];

/** A source file under `dir` changed after `built` (ms), or undefined: the walk stops at the first. */
function newerSource(dir, built) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const newer = entry.isDirectory() ? newerSource(path, built) : /\.tsx?$/.test(entry.name) && statSync(path).mtimeMs > built ? path : undefined;
    if (newer) return newer;
  }
  return undefined;
}

const compiledOf = (entry) => join(root, 'dist', entry.replace(/\.tsx?$/, '.js'));

/** Why dist/ cannot run `entry`: not built, or a source changed since (its path); undefined when it can. */
export function staleness(entry) {
  const compiled = compiledOf(entry);
  if (!existsSync(compiled)) return 'dist/ is not built';
  const built = statSync(compiled).mtimeMs;
  for (const dir of SOURCES) {
    const newer = existsSync(join(root, dir)) ? newerSource(join(root, dir), built) : undefined;
    if (newer) return `${relative(root, newer)} changed after the build`;
  }
  return undefined;
}

/** Import `entry` (a path from the root, e.g. "cli/main.ts") compiled when dist/ is fresh, else through tsx. */
export async function launch(entry) {
  const stale = staleness(entry);
  if (!stale) return import(pathToFileURL(compiledOf(entry)).href);
  // a developer at a terminal learns why a start is slow; pipes (tests, scripts) get only the output
  if (process.stderr.isTTY)
    process.stderr.write(
      `jiancha: dist/ 未构建或比源代码旧，改用 tsx 运行，启动较慢；运行 npm run build 可恢复 (${stale}: running through tsx; npm run build to start fast)\n`,
    );
  // the project's tsconfig (its JSX runtime above all), wherever the process was started from
  process.env.TSX_TSCONFIG_PATH ??= join(root, 'tsconfig.json');
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, entry)).href);
}
