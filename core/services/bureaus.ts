/** The bureaus table mirrors the plugins' directories, so campaigns and users can name them. */
import { sql } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import type { Registry } from '../registry.ts';

/** Writes only what differs: opening the database must not wait for a long step another process runs. */
export function syncBureaus(db: Db, registry: Registry): void {
  const stored = new Map(db.select().from(schema.bureaus).all().map((b) => [b.id, b]));
  const changed = registry.list().flatMap((plugin) =>
    (plugin.manifest.bureaus ?? [])
      .filter((b) => {
        const s = stored.get(b.id);
        return !s || s.plugin !== plugin.id || s.name !== b.name || s.parentId !== (b.parent ?? null) || s.level !== (b.level ?? null);
      })
      .map((b) => ({ plugin, b })),
  );
  if (!changed.length) return;
  db.transaction((tx) => {
    for (const { plugin, b } of changed) {
      tx.insert(schema.bureaus)
        .values({ id: b.id, plugin: plugin.id, name: b.name, parentId: b.parent ?? null, level: b.level ?? null })
        .onConflictDoUpdate({ target: schema.bureaus.id, set: { plugin: sql`excluded.plugin`, name: sql`excluded.name`, parentId: sql`excluded.parent_id`, level: sql`excluded.level` } })
        .run();
    }
  });
}
