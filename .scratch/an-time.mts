import { openDatabase } from '/work/main/src/server/db/client.ts';
import { analyticsFigures } from '/work/main/src/server/modules/analytics/service.ts';
const database = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/bench_analytics_6724fbf6', poolSize: 10 });
for (const range of ['today', '7d', '30d'] as const) {
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    const result = await analyticsFigures(database.db, { range, tz: 'Europe/Berlin' } as never, new Date(), false);
    times.push(performance.now() - start);
    if (i === 0) console.log(range, 'active tile', result.tiles.find((t) => t.key === 'active_users'));
  }
  console.log(range, times.map((t) => t.toFixed(1)).join(' '));
}
await database.close();
