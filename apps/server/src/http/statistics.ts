import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply, STATISTICS_MAX_DAYS, StatisticsQuery, StatisticsReply } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Accounts } from '../staff/accounts';
import { calendarDay } from '../statistics/calendar';
import { statisticsCsv } from '../statistics/csv';
import { statisticsReport } from '../statistics/report';
import type { Db } from '../store/db';
import { requireStaff } from './staff-auth';

export interface StatisticsRoutesOptions {
  db: Db;
  accounts: Accounts;
  audit: AuditLog;
  /** The program hours' time zone, else UTC. */
  timeZone: () => Promise<string>;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;
const DAY_MS = 86_400_000;
/** Far wider than any program's history, and inside what every database stores as a timestamp. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2999, 11, 31);

/** A real date range of at most a year, or the reason it is not. */
function rangeProblem(from: string, to: string): string | null {
  const start = calendarDay(from);
  const end = calendarDay(to);
  if (start === null) return `'from' is not a date: ${from}`;
  if (end === null) return `'to' is not a date: ${to}`;
  if (start < EARLIEST || end > LATEST) return 'dates run from 2000-01-01 to 2999-12-31';
  if (end < start) return `'to' comes before 'from'`;
  if ((end - start) / DAY_MS + 1 > STATISTICS_MAX_DAYS) return `a range covers at most ${STATISTICS_MAX_DAYS} days`;
  return null;
}

/**
 * Staffing statistics for admins and supervisors (supervisors plan the rota): aggregates of the
 * hourly counters in the program's time zone, small counts suppressed here on the server. The
 * CSV download holds the same figures and is recorded in the audit log.
 */
export const statisticsRoutes: FastifyPluginAsyncTypebox<StatisticsRoutesOptions> = async (app, { db, accounts, audit, timeZone }) => {
  const planners = requireStaff(accounts, 'admin', 'supervisor');
  const figures = async ({ from, to }: StatisticsQuery) => {
    const problem = rangeProblem(from, to);
    if (problem) return { ok: false as const, problem };
    return { ok: true as const, report: await statisticsReport(db, { from, to, timeZone: await timeZone() }) };
  };

  app.get(
    '/api/admin/statistics',
    { onRequest: planners, schema: { querystring: StatisticsQuery, response: { 200: StatisticsReply, ...errors } } },
    async (request, reply) => {
      const result = await figures(request.query);
      if (!result.ok) return reply.code(400).send({ error: 'bad_request', message: result.problem });
      return result.report;
    },
  );

  app.get(
    '/api/admin/statistics.csv',
    { onRequest: planners, schema: { querystring: StatisticsQuery, response: { 200: Type.String(), ...errors } } },
    async (request, reply) => {
      const result = await figures(request.query);
      if (!result.ok) return reply.code(400).send({ error: 'bad_request', message: result.problem });
      const { from, to } = result.report;
      await audit.record('statistics.exported', request.staff!.id, { from, to });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="statistics-${from}-to-${to}.csv"`)
        .send(statisticsCsv(result.report));
    },
  );
};
