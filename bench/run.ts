/**
 * npm run bench: every benchmark suite, in one run, printing figures and ratios. Targets live here,
 * never in tests. Pass suite names to run only some: `npm run bench -- decisions`.
 */
import type { BenchSuite } from './suite.ts';
import { api } from './api.bench.ts';
import { busy } from './busy.bench.ts';
import { cli } from './cli.bench.ts';
import { compile } from './compile.bench.ts';
import { decisions } from './decisions.bench.ts';
import { derived } from './derived.bench.ts';
import { lifecycle } from './lifecycle.bench.ts';
import { render } from './render.bench.ts';

const suites: BenchSuite[] = [cli, decisions, compile, derived, lifecycle, render, api, busy];

const only = process.argv.slice(2);
for (const suite of suites) {
  if (only.length && !only.includes(suite.name)) continue;
  console.log(`\n== ${suite.name}: ${suite.title}`);
  await suite.run();
}
