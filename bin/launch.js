// Starts one of the project's entry points (cli/main.ts, server/main.ts) as the JavaScript that
// `npm install` compiles into dist/ (npm run build), so no TypeScript loader runs at start-up. In a
// development checkout where dist/ is missing or older than a source file, it runs the TypeScript
// through tsx instead, so an edit takes effect without a rebuild (run `npm run build` to be fast again).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['core', 'cli', 'server', 'plugins'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const compiledOf = (entry) => join(root, 'dist', entry.replace(/\.tsx?$/, '.js'));

/** dist/ has `entry` compiled, and no source is newer. */
export function isFresh(entry) {
  const compiled = compiledOf(entry);
  if (!existsSync(compiled)) return false;
  const built = statSync(compiled).mtimeMs;
  return SOURCES.every((dir) => !existsSync(join(root, dir)) || newestSource(join(root, dir)) <= built);
}

/** Import `entry` (a path from the root, e.g. "cli/main.ts") compiled when dist/ is fresh, else through tsx. */
export async function launch(entry) {
  if (isFresh(entry)) return import(pathToFileURL(compiledOf(entry)).href);
  // the project's tsconfig (its JSX runtime above all), wherever the process was started from
  process.env.TSX_TSCONFIG_PATH ??= join(root, 'tsconfig.json');
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, entry)).href);
}
