/**
 * Shared by the KPI series (kpis/resolvers.ts: points two at a time) and the term report (exchange/term-report.ts:
 * operations REPORT_CONCURRENCY at a time); free of any database import, as the report renderers must be.
 *
 * Runs `tasks` with at most `limit` in flight, started in order; resolves with their results in order, or rejects
 * with the first failure (tasks not yet started are not started).
 */
export async function inOrderAtMost<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < tasks.length) {
      const i = next++;
      try {
        results[i] = await tasks[i]();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = Number.isInteger(limit) && limit > 1 ? Math.min(limit, tasks.length) : 1;
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}
