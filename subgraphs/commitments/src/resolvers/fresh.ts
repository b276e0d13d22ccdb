import { forgetLoadedRows } from '@accords/subgraph-kit';

/** A mutation's answer shows the state it wrote, not rows the request's loaders read before it. */
export function fresh<T>(ctx: { loaders: unknown }, value: T): T {
  forgetLoadedRows(ctx.loaders);
  return value;
}
