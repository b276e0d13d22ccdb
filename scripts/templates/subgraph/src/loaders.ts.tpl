import type { DataSource } from 'typeorm';
import { groupLoader, rowLoader } from '@accords/subgraph-kit';
import { __PASCAL__NoteRepository } from './repositories/notes';

/** Per-request loaders: one statement per batch of keys, never one per row. */
export function createLoaders(db: DataSource) {
  const notes = new __PASCAL__NoteRepository(db);
  return {
    repositories: { notes },
    note: rowLoader((ids: readonly string[]) => notes.findByIds(ids), (n) => n.id),
    notesByPartner: groupLoader((ids: readonly string[]) => notes.findByPartnerIds(ids), (n) => n.partnerId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
