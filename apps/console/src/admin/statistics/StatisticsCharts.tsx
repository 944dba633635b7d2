import { dateLabel } from '../../shared/format';
import { countText, hourText, WEEKDAYS, type StatisticsReply, type SuppressedCount } from './statistics';

/*
 * Small SVG charts drawn here (no chart library). Each has a name for screen readers and a
 * table with every figure under a disclosure. A "<5" is drawn as what it is, a count somewhere
 * under five (a dashed shape), and labelled "<5": never as a guessed number.
 */

const CELL_W = 28;
const CELL_H = 24;
const LABEL_W = 40;
const HEAD_H = 18;

const numeric = (count: SuppressedCount) => (count === '<5' ? 0 : count);

/** 0 to 4: how dark a heat cell is, relative to the busiest hour. */
function heatLevel(count: SuppressedCount, max: number): string {
  if (count === 0) return 'heat-0';
  if (count === '<5') return 'heat-few';
  return `heat-${Math.max(1, Math.ceil((count / Math.max(max, 1)) * 4))}`;
}

export function HourOfWeekChart({ report }: { report: StatisticsReply }) {
  const max = Math.max(0, ...report.hourOfWeek.flat().map(numeric));
  const busiest = report.hourOfWeek.flatMap((hours, day) => hours.map((count, hour) => ({ count, day, hour }))).filter((c) => c.count !== 0 && c.count !== '<5' && c.count === max);
  const summary =
    busiest.length > 0
      ? `Busiest: ${busiest.slice(0, 3).map((c) => `${WEEKDAYS[c.day]} ${hourText(c.hour)}`).join(', ')}, with ${max} conversations started.`
      : 'No hour had 5 or more conversations started.';
  const width = LABEL_W + 24 * CELL_W;
  const height = HEAD_H + 7 * CELL_H;
  return (
    <figure class="chart">
      <figcaption id="hour-chart-title">Conversations started, by hour of the week ({report.timeZone})</figcaption>
      <svg class="heat" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="hour-chart-title hour-chart-summary">
        {Array.from({ length: 8 }, (_, i) => (
          <text key={i} class="axis" x={LABEL_W + i * 3 * CELL_W + 2} y={HEAD_H - 5}>
            {hourText(i * 3).slice(0, 2)}
          </text>
        ))}
        {report.hourOfWeek.map((hours, day) => (
          <g key={day}>
            <text class="axis" x={0} y={HEAD_H + day * CELL_H + CELL_H / 2 + 4}>
              {WEEKDAYS[day]!.slice(0, 3)}
            </text>
            {hours.map((count, hour) => (
              <g key={hour}>
                <rect class={heatLevel(count, max)} x={LABEL_W + hour * CELL_W} y={HEAD_H + day * CELL_H} width={CELL_W - 2} height={CELL_H - 2} rx={3}>
                  <title>{`${WEEKDAYS[day]} ${hourText(hour)}: ${countText(count)}`}</title>
                </rect>
                {count !== 0 && (
                  <text class={`cell-count ${heatLevel(count, max)}`} x={LABEL_W + hour * CELL_W + (CELL_W - 2) / 2} y={HEAD_H + day * CELL_H + CELL_H / 2 + 3}>
                    {countText(count)}
                  </text>
                )}
              </g>
            ))}
          </g>
        ))}
      </svg>
      <p id="hour-chart-summary" class="hint">
        {summary}
      </p>
      <details>
        <summary>Every hour of the week as a table</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Conversations started by hour of the week">
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">Day</th>
                {Array.from({ length: 24 }, (_, hour) => (
                  <th key={hour} scope="col">
                    {hourText(hour)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.hourOfWeek.map((hours, day) => (
                <tr key={day}>
                  <th scope="row">{WEEKDAYS[day]}</th>
                  {hours.map((count, hour) => (
                    <td key={hour}>{countText(count)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

const BARS_W = 720;
const BARS_H = 160;
const AXIS_H = 20;

export function DailyChart({ report }: { report: StatisticsReply }) {
  const days = report.byDay;
  // A "<5" bar reaches the 5 mark, dashed: somewhere below it.
  const top = Math.max(5, ...days.map((d) => numeric(d.started)));
  const slot = BARS_W / Math.max(days.length, 1);
  const barHeight = (count: number) => (count / top) * (BARS_H - AXIS_H);
  return (
    <figure class="chart">
      <figcaption id="day-chart-title">Conversations started, by day</figcaption>
      <svg class="bars" viewBox={`0 0 ${BARS_W} ${BARS_H}`} role="img" aria-labelledby="day-chart-title day-chart-summary">
        <line class="baseline" x1={0} x2={BARS_W} y1={BARS_H - AXIS_H} y2={BARS_H - AXIS_H} />
        {days.map((day, i) => {
          const value = day.started === '<5' ? 5 : day.started;
          const h = barHeight(value);
          return (
            <rect
              key={day.date}
              class={day.started === '<5' ? 'bar-few' : 'bar'}
              x={i * slot + slot * 0.15}
              y={BARS_H - AXIS_H - h}
              width={Math.max(1, slot * 0.7)}
              height={h}
            >
              <title>{`${dateLabel(day.date)}: ${countText(day.started)}`}</title>
            </rect>
          );
        })}
        <text class="axis" x={0} y={BARS_H - 4}>
          {days[0]?.date}
        </text>
        <text class="axis end" x={BARS_W} y={BARS_H - 4}>
          {days.at(-1)?.date}
        </text>
        <text class="axis" x={2} y={12}>
          {`${top}`}
        </text>
      </svg>
      <p id="day-chart-summary" class="hint">
        {`${days.length} days. A dashed bar is a day with fewer than 5 (“<5”).`}
      </p>
      <details>
        <summary>Every day as a table</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Conversations by day">
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Started</th>
                <th scope="col">Answered</th>
                <th scope="col">Left before an answer</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">{dateLabel(day.date)}</th>
                  <td>{countText(day.started)}</td>
                  <td>{countText(day.answered)}</td>
                  <td>{countText(day.abandoned)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
