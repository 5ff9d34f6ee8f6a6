/**
 * One step over many employers as one SQLite transaction: all or nothing, and a second run of a step
 * while one is under way (in this process or another) is refused rather than interleaved.
 *
 * Such a transaction spans awaits (a file read as a stream, a rule's fallback evaluation), so it must
 * never be held on a connection that serves other requests meanwhile: their writes would run inside
 * it and be rolled back with it. The server marks its connection shared; a step runs on its own.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/index.ts';
import { JianchaError } from '../errors.ts';

/** Called every PROGRESS_EVERY employers, so a long run can show how far it is; the grading run waits for a report that returns a promise. */
export type Progress = (done: number) => void | Promise<void>;
export const PROGRESS_EVERY = 500;

/** Connections that serve requests concurrently, each with what says when a step holds it alone. */
const shared = new WeakMap<Database.Database, () => boolean>();

/**
 * Mark a connection as serving concurrent requests: no step's transaction may then be opened on it,
 * except while `alone()` says no other request can run (an in-memory database, which no worker can share).
 */
export function shareConnection(db: Db, alone: () => boolean = () => false): void {
  shared.set(db.$client, alone);
}

/** Throws where a transaction over awaits would take in other requests' writes: a fault of the caller, not of the input. */
export function requireOwnConnection(db: Db): void {
  const alone = shared.get(db.$client);
  if (alone && !alone()) throw new Error('a long step was given the server’s shared connection: run it as a job (server/jobs.ts)');
}

export async function inTransaction<T>(db: Db, what: { zh: string; en: string }, work: () => Promise<T>): Promise<T> {
  const sqlite = db.$client;
  requireOwnConnection(db);
  if (sqlite.inTransaction) throw busy(what);
  // wait briefly, not the connection's 5 s: another process holding the write lock is running a step
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 250');
  try {
    sqlite.exec('BEGIN IMMEDIATE');
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw busy(what);
    throw err;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
  try {
    const result = await work();
    sqlite.exec('COMMIT');
    return result;
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw err;
  }
}

function busy(what: { zh: string; en: string }): JianchaError {
  return new JianchaError('conflict', `另一个任务正在写入数据库，请稍后再${what.zh}`, `another run is writing to the database; ${what.en} later`);
}

/** Rows given to one prepared INSERT at a time; SQLite takes up to 32,766 parameters a statement. */
const ROWS_PER_STATEMENT = 100;

export interface RowWriter {
  /** a row's values, in the order of the columns; written when enough have gathered */
  add(values: unknown[]): void;
  /** write the rows gathered so far */
  flush(): void;
}

/**
 * Writes rows through a prepared INSERT of many rows (`insert` up to VALUES, `tail` after it, e.g.
 * ON CONFLICT ...): a statement per row spent a third of a step's writing in the calls. Call inside a
 * transaction, and flush before reading what was written.
 */
export function rowWriter(db: Db, insert: string, width: number, tail = ''): RowWriter {
  const sqlite = db.$client;
  const row = `(${Array(width).fill('?').join(', ')})`;
  const many = sqlite.prepare(`${insert} VALUES ${Array(ROWS_PER_STATEMENT).fill(row).join(', ')} ${tail}`);
  const one = sqlite.prepare(`${insert} VALUES ${row} ${tail}`);
  // better-sqlite3 binds the values of each array given, in turn
  let pending: unknown[][] = [];
  return {
    add(values) {
      pending.push(values);
      if (pending.length === ROWS_PER_STATEMENT) {
        many.run(...pending);
        pending = [];
      }
    },
    flush() {
      for (const values of pending) one.run(values);
      pending = [];
    },
  };
}
