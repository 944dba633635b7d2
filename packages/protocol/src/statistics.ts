import { Type, type Static } from '@sinclair/typebox';

/*
 * Staffing statistics (`GET /api/admin/statistics`, and `.csv`), the retention setting and the
 * SMS setup summary of the Program screen. Statistics are aggregates of hourly counters only:
 * every count from 1 to 4 leaves the server as the string "<5", and a mean drawn from fewer than
 * 5 conversations as null, so a small number that could point at one person never reaches a browser.
 */

const strict = { additionalProperties: false } as const;

/** A local date in the program's time zone. */
export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const StatisticsQuery = Type.Object({ from: LocalDate, to: LocalDate }, strict);
export type StatisticsQuery = Static<typeof StatisticsQuery>;

/** The longest range one request may cover: a leap year. */
export const STATISTICS_MAX_DAYS = 366;
/** Counts under this (and above 0) are withheld, and so are means drawn from fewer conversations. */
export const SMALL_COUNT = 5;

/** A count, or "<5" when it is 1 to 4. */
export const SuppressedCount = Type.Union([Type.Integer({ minimum: 0 }), Type.Literal('<5')]);
export type SuppressedCount = Static<typeof SuppressedCount>;

/** Seconds, or null when fewer than 5 conversations are behind the mean. */
export const WithheldMean = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);

/** How long an answered participant waited, in bands; a percentile is named by its band. */
export const WAIT_BANDS = ['under_1m', '1_to_5m', '5_to_15m', '15_to_30m', '30m_plus'] as const;
export type WaitBand = (typeof WAIT_BANDS)[number];
/** Upper bounds of the bands, in seconds (the last is open). */
export const WAIT_BAND_LIMITS: Record<WaitBand, number> = {
  under_1m: 60,
  '1_to_5m': 300,
  '5_to_15m': 900,
  '15_to_30m': 1800,
  '30m_plus': Number.POSITIVE_INFINITY,
};
export const WaitBandName = Type.Union([
  Type.Literal('under_1m'),
  Type.Literal('1_to_5m'),
  Type.Literal('5_to_15m'),
  Type.Literal('15_to_30m'),
  Type.Literal('30m_plus'),
]);

export const StatisticsTotals = Type.Object({
  /** Conversations participants started. */
  started: SuppressedCount,
  answered: SuppressedCount,
  /** Closed before anyone answered. */
  abandoned: SuppressedCount,
  /** Text conversations an advocate started to a number (not counted in `started`). */
  outbound: SuppressedCount,
  /** From the start to the answer, over answered conversations. */
  meanWaitSeconds: WithheldMean,
  /** From the answer to the close, over answered conversations. */
  meanAnsweredSeconds: WithheldMean,
  /** From the start to the close, over abandoned conversations: how long people waited before leaving. */
  meanAbandonedAfterSeconds: WithheldMean,
  waitBands: Type.Object({
    under_1m: SuppressedCount,
    '1_to_5m': SuppressedCount,
    '5_to_15m': SuppressedCount,
    '15_to_30m': SuppressedCount,
    '30m_plus': SuppressedCount,
  }),
  /** The band holding the median and the 90th percentile of the wait; null under 5 answered. */
  medianWait: Type.Union([WaitBandName, Type.Null()]),
  p90Wait: Type.Union([WaitBandName, Type.Null()]),
});
export type StatisticsTotals = Static<typeof StatisticsTotals>;

export const StatisticsDay = Type.Object({ date: LocalDate, started: SuppressedCount, answered: SuppressedCount, abandoned: SuppressedCount });
export type StatisticsDay = Static<typeof StatisticsDay>;

export const StatisticsReply = Type.Object({
  from: LocalDate,
  to: LocalDate,
  /** The program hours' time zone, else UTC: every hour and day below is local to it. */
  timeZone: Type.String(),
  total: StatisticsTotals,
  byChannel: Type.Object({ web: StatisticsTotals, sms: StatisticsTotals }),
  /** Conversations started, by weekday (Monday first) and local hour: 7 rows of 24. */
  hourOfWeek: Type.Array(Type.Array(SuppressedCount, { minItems: 24, maxItems: 24 }), { minItems: 7, maxItems: 7 }),
  byDay: Type.Array(StatisticsDay),
});
export type StatisticsReply = Static<typeof StatisticsReply>;

/** Days a closed conversation's ciphertext is kept before the purge; 0 deletes it at close. */
export const RETENTION_MAX_DAYS = 365;
export const RetentionDays = Type.Integer({ minimum: 0, maximum: RETENTION_MAX_DAYS });
export const SetRetention = Type.Object({ days: RetentionDays }, strict);
export type SetRetention = Static<typeof SetRetention>;
export const RetentionReply = Type.Object({
  days: RetentionDays,
  /** Whether an admin chose it, or it is still the server's RETENTION_DAYS default. */
  chosen: Type.Boolean(),
});
export type RetentionReply = Static<typeof RetentionReply>;

/** What the Program screen shows of the text line's setup; credentials never leave the server. */
export const SmsSetupReply = Type.Object({
  providers: Type.Array(
    Type.Object({
      name: Type.Union([Type.Literal('twilio'), Type.Literal('telnyx'), Type.Literal('vonage')]),
      /** The program's own number at this provider. */
      number: Type.String(),
      /** What to paste into the provider's console. */
      webhookUrl: Type.String(),
      /** Whether texting a number first goes through this provider. */
      outbound: Type.Boolean(),
    }),
  ),
  /** Whether a text that arrives while the line is closed gets the after-hours notice, and that notice in the default language. */
  afterHours: Type.Object({ on: Type.Boolean(), notice: Type.Union([Type.String(), Type.Null()]) }),
  /** Where the key sealing phone numbers lives: SERVER_KEY, or a copy kept in the database. */
  serverKey: Type.Union([Type.Literal('setting'), Type.Literal('database'), Type.Null()]),
});
export type SmsSetupReply = Static<typeof SmsSetupReply>;
