/** The bureaus table mirrors the plugins' directories, so campaigns and users can name them. */
import { sql } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import type { Registry } from '../registry.ts';

export function syncBureaus(db: Db, registry: Registry): void {
  db.transaction((tx) => {
    for (const plugin of registry.list()) {
      for (const b of plugin.manifest.bureaus ?? []) {
        tx.insert(schema.bureaus)
          .values({ id: b.id, plugin: plugin.id, name: b.name, parentId: b.parent ?? null, level: b.level ?? null })
          .onConflictDoUpdate({ target: schema.bureaus.id, set: { name: sql`excluded.name`, parentId: sql`excluded.parent_id`, level: sql`excluded.level` } })
          .run();
      }
    }
  });
}
