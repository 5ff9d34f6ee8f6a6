/** A benchmark suite and the helpers suites share to measure and print. */
export interface BenchSuite {
  name: string;
  title: string;
  run: () => Promise<void>;
}

export interface Measured {
  count: number;
  seconds: number;
  perSecond: number;
}

/**
 * Time `count` calls of `fn` after `warmUp` untimed calls (a short warm-up by default); a promise is
 * awaited, a plain value is not.
 */
export async function measure(count: number, fn: (i: number) => unknown, warmUp = Math.min(200, count)): Promise<Measured> {
  for (let i = 0; i < warmUp; i++) {
    const r = fn(i);
    if (r instanceof Promise) await r;
  }
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const r = fn(i);
    if (r instanceof Promise) await r;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { count, seconds, perSecond: count / seconds };
}

export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function table(rows: Record<string, string | number>[]): void {
  console.table(rows);
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
