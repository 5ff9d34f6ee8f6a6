/**
 * The bureaus table mirrors the plugins' directories, so campaigns and users can name them; and the
 * tree it makes: a bureau's jurisdiction (itself and those below) and its region (the plugin).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { schema, type Db, type DbOrTx } from '../db/index.ts';
import { StampedCache } from '../db/stamp.ts';
import { transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import type { Registry } from '../registry.ts';
import type { Actor } from './actor.ts';

/** Writes only what differs: opening the database must not wait for a long step another process runs. */
export async function syncBureaus(db: Db, registry: Registry): Promise<void> {
  const stored = new Map((await db.select().from(schema.bureaus)).map((b) => [b.id, b]));
  const changed = registry.list().flatMap((plugin) =>
    (plugin.manifest.bureaus ?? [])
      .filter((b) => {
        const s = stored.get(b.id);
        return (
          !s ||
          s.plugin !== plugin.id ||
          s.name !== b.name ||
          s.parentId !== (b.parent ?? null) ||
          s.level !== (b.level ?? null) ||
          JSON.stringify(s.divisions) !== JSON.stringify(b.divisions ?? null) ||
          JSON.stringify(s.parks) !== JSON.stringify(b.parks ?? null)
        );
      })
      .map((b) => ({ plugin, b })),
  );
  if (!changed.length) return;
  await transaction(db, async (tx) => {
    for (const { plugin, b } of changed) {
      await tx
        .insert(schema.bureaus)
        .values({
          id: b.id,
          plugin: plugin.id,
          name: b.name,
          parentId: b.parent ?? null,
          level: b.level ?? null,
          divisions: b.divisions ?? null,
          parks: b.parks ?? null,
        })
        .onConflictDoUpdate({
          target: schema.bureaus.id,
          set: {
            plugin: sql`excluded.plugin`,
            name: sql`excluded.name`,
            parentId: sql`excluded.parent_id`,
            level: sql`excluded.level`,
            divisions: sql`excluded.divisions`,
            parks: sql`excluded.parks`,
          },
        });
    }
  });
}

// every request checks a scope: remembered until the database changes (the directory is synced at start)
const scopes = new StampedCache<readonly string[]>(1000);

/** The bureau and every bureau below it. */
export function bureauScope(db: DbOrTx, bureauId: string): readonly string[] {
  return scopes.get(db, bureauId, () => {
    const all = db.select({ id: schema.bureaus.id, parentId: schema.bureaus.parentId }).from(schema.bureaus).all();
    const scope = [bureauId];
    for (let i = 0; i < scope.length; i++) for (const b of all) if (b.parentId === scope[i]) scope.push(b.id);
    return Object.freeze(scope);
  });
}

/** The region of a bureau: the plugin whose directory lists it. */
export function regionOf(db: DbOrTx, bureauId: string): string {
  const bureau = db.select({ plugin: schema.bureaus.plugin }).from(schema.bureaus).where(eq(schema.bureaus.id, bureauId)).get();
  if (!bureau) throw new JianchaError('not-found', `没有人社局 ${bureauId}`, `no bureau ${bureauId}`);
  return bureau.plugin;
}

/** The bureaus at the top of a region's tree (those without a parent): the region's own administrators. */
export async function regionTop(db: DbOrTx, region: string): Promise<string[]> {
  const top = await db
    .select({ id: schema.bureaus.id })
    .from(schema.bureaus)
    .where(and(eq(schema.bureaus.plugin, region), isNull(schema.bureaus.parentId)));
  return top.map((b) => b.id);
}

/** A region named by the system administrator: one whose plugin lists bureaus. */
export async function requireRegion(db: DbOrTx, region: string | undefined | null): Promise<string> {
  const regions = [...new Set((await db.select({ plugin: schema.bureaus.plugin }).from(schema.bureaus)).map((b) => b.plugin))];
  if (!region || !regions.includes(region)) {
    throw new JianchaError('invalid-input', `须指定地区（region）：${regions.join('、')}`, `name the region (one of ${regions.join(', ')})`);
  }
  return region;
}

/** Refuse an actor whose jurisdiction (its bureau and those below) does not hold `bureauId`. */
export function requireJurisdiction(db: DbOrTx, actor: Actor, bureauId: string): void {
  if (actor.role === 'employer' || (actor.bureauId !== null && !bureauScope(db, actor.bureauId).includes(bureauId))) {
    throw new JianchaError('forbidden', `${bureauId} 不在本局辖区内`, `${bureauId} is outside your jurisdiction`);
  }
}

/**
 * The bureau the directory gives a registry row of a region: the bureau of its park, else of its
 * division code, else the region's top bureau (an employer registered elsewhere is the region's as a
 * whole). Read once for many rows.
 */
export async function homeBureaus(
  db: DbOrTx,
  region: string,
): Promise<(e: { park?: unknown; divisionCode?: unknown }) => { bureau: string; by: 'park' | 'divisionCode' }> {
  const bureaus = await db.select().from(schema.bureaus).where(eq(schema.bureaus.plugin, region));
  const top = bureaus.find((b) => !b.parentId)?.id ?? '';
  const byPark = new Map(bureaus.flatMap((b) => (b.parks ?? []).map((p) => [p, b.id] as const)));
  const byDivision = new Map(bureaus.flatMap((b) => (b.divisions ?? []).map((d) => [d, b.id] as const)));
  return (e) => {
    const park = e.park ? byPark.get(e.park as string) : undefined;
    if (park) return { bureau: park, by: 'park' };
    return { bureau: byDivision.get(e.divisionCode as string) ?? top, by: 'divisionCode' };
  };
}
