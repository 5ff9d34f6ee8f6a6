/**
 * What a read may remember until the database changes: a stamp that moves with every change, and a
 * cache of values made from the database, each kept with the stamp it was made at. SQLite's
 * data_version moves when another connection commits (a job, the CLI, a second server), and
 * total_changes() when this connection writes, so the two together miss no change.
 */
import type Database from 'better-sqlite3';
import { BoundedCache } from '../boundedCache.ts';
import type { Db, DbOrTx } from './index.ts';
import { inTransaction } from './store.ts';

const stamps = new WeakMap<Database.Database, Database.Statement<[], string>>();

export function dbStamp(db: Db): string {
  let statement = stamps.get(db.$client);
  if (!statement) {
    statement = db.$client.prepare<[], string>("SELECT (SELECT data_version FROM pragma_data_version) || '.' || total_changes()").pluck();
    stamps.set(db.$client, statement);
  }
  return statement.get()!;
}

/**
 * Values made from a database, remembered per database and key until its stamp moves; at most `max`
 * per database. Inside a transaction they are made afresh: a value made there may be rolled back,
 * and the stamp would not move back with it (a drizzle transaction has no $client; one of store.ts
 * is the connection itself, held by the transaction).
 */
export class StampedCache<V> {
  private readonly byDb = new WeakMap<Database.Database, BoundedCache<string, { stamp: string; value: V }>>();

  constructor(private readonly max: number) {}

  get(db: DbOrTx, key: string, make: () => V): V {
    if (!('$client' in db) || inTransaction(db.$client)) return make();
    let cache = this.byDb.get(db.$client);
    if (!cache) this.byDb.set(db.$client, (cache = new BoundedCache(this.max)));
    const stamp = dbStamp(db);
    const known = cache.get(key);
    if (known?.stamp === stamp) return known.value;
    return cache.set(key, { stamp, value: make() }).value;
  }
}
