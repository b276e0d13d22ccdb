import { In, type EntityManager, type ObjectLiteral, type EntityTarget } from 'typeorm';

export interface SyncResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  // The embedded engine returns numbers where MySQL returns strings (DECIMAL, BIGINT): compare as text.
  return String(a) === String(b);
}

/**
 * Loads versioned reference rows idempotently: inserts the missing, updates the changed, leaves the rest untouched,
 * so re-running a loader changes nothing. Rows are matched on `key`; the compared fields are the properties the
 * rows carry (all but the key), unless `fields` names a narrower set (e.g. to ignore a creation time).
 */
export async function syncReferenceRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
  key: keyof T & string,
  only?: (keyof T & string)[],
): Promise<SyncResult> {
  // Entity instances carry every declared field (as undefined when unset, e.g. `version`): compare only what is set.
  const set = rows.flatMap((r) => Object.entries(r).filter(([, v]) => v !== undefined).map(([f]) => f));
  const fields = only ?? [...new Set(set)].filter((f): f is keyof T & string => f !== key);
  const result: SyncResult = { inserted: 0, updated: 0, unchanged: 0 };
  const repo = manager.getRepository(target);
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const existing = await repo.find({ where: { [key]: In(chunk.map((r) => r[key])) } as never });
    const byKey = new Map(existing.map((e) => [e[key], e]));
    const inserts: T[] = [];
    for (const row of chunk) {
      const current = byKey.get(row[key]);
      if (!current) {
        inserts.push(row);
      } else if (fields.some((f) => !sameValue(current[f], row[f]))) {
        const patch: Partial<T> = {};
        for (const f of fields) patch[f] = row[f];
        await repo.update({ [key]: row[key] } as never, patch as never);
        result.updated++;
      } else {
        result.unchanged++;
      }
    }
    if (inserts.length) {
      await repo.insert(inserts as never);
      result.inserted += inserts.length;
    }
  }
  return result;
}
