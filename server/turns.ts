/**
 * On an in-memory database (tests, a throwaway demo) there is one connection and no worker can share
 * it, so a long step runs in this thread, alone: it starts once the requests under way have ended,
 * and requests arriving meanwhile wait (without blocking the thread) until it ends. So no request
 * ever runs inside a step's transaction there either. A file database never takes turns: its steps
 * run in workers on their own connections (jobs.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { MiddlewareHandler } from 'hono';

interface Turns {
  /** requests under way */
  active: number;
  /** the step running alone, if any */
  step: Promise<void> | null;
  /** who waits for the requests under way to end */
  drained: (() => void)[];
}

const turnsOf = new WeakMap<Database.Database, Turns>();
/** the lease of the request being served, so a step it starts can give it up first */
const lease = new AsyncLocalStorage<{ release: () => void }>();

function turns(client: Database.Database): Turns {
  let t = turnsOf.get(client);
  if (!t) turnsOf.set(client, (t = { active: 0, step: null, drained: [] }));
  return t;
}

/** Middleware: each request holds a lease on the connection for as long as it is served. */
export function takingTurns(client: Database.Database): MiddlewareHandler {
  const t = turns(client);
  return async (_c, next) => {
    while (t.step) await t.step;
    t.active++;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      if (--t.active === 0) for (const done of t.drained.splice(0)) done();
    };
    try {
      await lease.run({ release }, next);
    } finally {
      release();
    }
  };
}

/** Whether a step holds the connection alone now. */
export function holdsAlone(client: Database.Database): boolean {
  return turns(client).step !== null;
}

/** Run a step alone on the connection: the calling request's lease is given up first. */
export async function alone<T>(client: Database.Database, work: () => Promise<T>): Promise<T> {
  const t = turns(client);
  lease.getStore()?.release();
  // another step may take its turn while this one waits: look again after each wait
  for (;;) {
    if (t.step) await t.step;
    else if (t.active > 0) await new Promise<void>((resolve) => t.drained.push(resolve));
    else break;
  }
  let end!: () => void;
  t.step = new Promise<void>((resolve) => (end = resolve));
  try {
    return await work();
  } finally {
    t.step = null;
    end();
  }
}
