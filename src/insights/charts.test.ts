import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, seedAccount } from '../../test/harness.js';
import { compactNumber, fullNumber, lineChart, barChart, niceTicks } from './charts.js';
import { followerChartFor } from './figures.js';
import { followerSeries } from './series.js';

test('numbers read at a glance on axes and exactly in tables', () => {
  assert.equal(compactNumber(38_000), '38k');
  assert.equal(compactNumber(158_000), '158k');
  assert.equal(compactNumber(1_500), '1.5k');
  assert.equal(compactNumber(2_250_000), '2.3M');
  assert.equal(compactNumber(999), '999');
  assert.equal(fullNumber(158_000), '158,000');
  assert.equal(fullNumber(1_234_567), '1,234,567');
  assert.deepEqual(niceTicks(158_000), [0, 50_000, 100_000, 150_000, 200_000]);
  assert.deepEqual(niceTicks(7), [0, 2, 4, 6, 8]);
});

/** The path's points, in SVG units (y grows downwards). */
function pathPoints(svg: string): { x: number; y: number }[] {
  const d = /class="chart-line" d="([^"]+)"/.exec(svg)?.[1];
  assert.ok(d, 'the chart has a line');
  return [...d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
}

test('a surge from 38,000 to 158,000 followers in one day is drawn steep, described, and listed hour by hour', async () => {
  const now = new Date('2017-01-27T12:00:00Z');
  const t = await createTestContext({ clock: { now: () => new Date(now) } });
  try {
    const { ctx } = t;
    const alt = (await seedAccount(ctx, 'alt_uscis')).account;
    // Flat at 38,000 since before the 30-day window, then 24 hourly samples up to 158,000 ending twelve hours ago.
    await ctx.db.insertInto('account_count_samples').values({ account_id: alt.id, at: new Date('2016-12-10T00:00:00Z'), followers_count: 38_000, following_count: 10, statuses_count: 5 }).execute();
    const surgeStart = Date.parse('2017-01-25T23:00:00Z');
    for (let h = 1; h <= 24; h++) {
      await ctx.db.insertInto('account_count_samples').values({
        account_id: alt.id, at: new Date(surgeStart + h * 3_600_000), followers_count: 38_000 + h * 5_000, following_count: 10, statuses_count: 5,
      }).execute();
    }
    await ctx.db.updateTable('accounts').set({ followers_count: 158_000 }).where('id', '=', alt.id).execute();

    const series = await followerSeries(ctx.db, alt.id, { days: 30, now });
    assert.equal(series.points[0].value, 38_000, 'the line starts at the value in force at the window start');
    assert.equal(series.points.at(-1)!.value, 158_000);

    const out = String(await followerChartFor(ctx, alt.id));
    assert.match(out, /<svg [^>]*role="img"[^>]*aria-labelledby="insights-followers-title insights-followers-desc"/);
    assert.match(out, /<title id="insights-followers-title">Followers over the last 30 days/);
    assert.match(out, /<desc id="insights-followers-desc">Followers from 38,000 on [^<]* to 158,000 on/);
    assert.match(out, />158k<|>150k</, 'axis ticks use compact numbers');
    assert.match(out, />50k</);
    assert.doesNotMatch(out, /style=|<script/i);

    const pts = pathPoints(out);
    const low = pts.find((p, i) => i > 0 && pts[i - 1].y === p.y && p.y === Math.max(...pts.map((q) => q.y)))!;
    const top = pts.find((p) => p.y === Math.min(...pts.map((q) => q.y)))!;
    const width = pts.at(-1)!.x - pts[0].x;
    const run = top.x - low.x;
    const rise = low.y - top.y;
    assert.ok(run > 0 && run < width / 20, `the rise spans about one day of thirty (${run} of ${width})`);
    assert.ok(rise / run > 4, `and is steep: ${rise} up over ${run} across`);
    // Before the surge the line is flat: no invented slow climb across the weeks without a change.
    const beforeSurge = pts.filter((p) => p.x < low.x);
    assert.ok(beforeSurge.every((p) => p.y === low.y), 'flat before the surge');

    const table = /<table>[\s\S]*<\/table>/.exec(out)![0];
    const rows = [...table.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="num">([\d,]+)<\/td>/g)].map((m) => [m[1], m[2]]);
    assert.equal(rows.length, 24, 'each hour of the surge (the older sample is before the window)');
    assert.deepEqual(rows.at(-1), ['2017-01-26 23:00 UTC', '158,000']);
    assert.deepEqual(rows[0], ['2017-01-26 00:00 UTC', '43,000']);
    assert.match(table, /\+5,000/);
  } finally {
    await t.close();
  }
});

test('charts with nothing to draw say so; bars carry their breakdown in the table and escape labels', () => {
  const empty = String(lineChart({ points: [] }, { title: 'Followers', yLabel: 'Followers' }));
  assert.match(empty, /Not enough data yet/);
  assert.doesNotMatch(empty, /<svg/);
  const bars = String(barChart([{ label: '<b>hi</b>', value: 12, cells: [10, 1, 1] }, { label: 'second', value: 3, cells: [1, 1, 1] }],
    { title: 'Reach', yLabel: 'Reach', columns: ['Boosts', 'Favourites', 'Replies'] }));
  assert.match(bars, /<svg [^>]*role="img"/);
  assert.match(bars, /<rect class="chart-bar"/);
  assert.match(bars, /&lt;b&gt;hi&lt;\/b&gt;/);
  assert.doesNotMatch(bars, /<b>hi/);
  assert.match(bars, /<th scope="col" class="num">Boosts<\/th>/);
  assert.match(bars, /<td class="num">12<\/td><td class="num">10<\/td><td class="num">1<\/td><td class="num">1<\/td>/);
});
