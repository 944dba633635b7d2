/** Command-line options of `npm run bench`, with the targets as defaults. */

export interface BenchOptions {
  conversations: number;
  /** Offered load: messages per second over all conversations together. */
  rate: number;
  /** Length of the main phase (Lantern and relay each). */
  seconds: number;
  quick: boolean;
  /** Length of one step of the max-rate ramp. */
  rampSeconds: number;
  /** At most this many ramp steps per target (bounds the ramp's time). */
  rampSteps: number;
  ramp: boolean;
  /** Conversations one advocate holds (one staff socket each, one session). */
  perAdvocate: number;
  /** Each conversation's staff socket claims it, instead of the advocate's first socket (quadratic setup). */
  claimPerSocket: boolean;
  /** Directory for the server's `--cpu-prof` output, or null. */
  profileDir: string | null;
  /** Whole-run watchdog: everything is killed after this long. */
  deadlineSeconds: number;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Close every conversation at the end and leave the server's data directory and the run's secrets here, for tools/forensics. */
  keepData: string | null;
}

const USAGE = `usage: npm run bench -- [--quick] [--conversations N] [--rate R] [--seconds S]
                        [--ramp-seconds S] [--ramp-steps N] [--no-ramp] [--profile DIR]
                        [--claim-per-socket] [--deadline S] [--keep-data DIR]
  --keep-data DIR: at the end every conversation is closed and DIR gets the server's data directory
  (DIR/data) and the run's secrets (DIR/secrets.json) for \`npm run forensics\` (PGlite only).
  DATABASE_URL (PostgreSQL, an empty database) and REDIS_URL are passed to the server when set.`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'\n${USAGE}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (['quick', 'no-ramp', 'claim-per-socket', 'help'].includes(name)) flags.set(name, true);
    else if (inline !== undefined) flags.set(name, inline);
    else if (i + 1 < argv.length) flags.set(name, argv[++i]!);
    else throw new Error(`--${name} needs a value\n${USAGE}`);
  }
  if (flags.has('help')) throw new Error(USAGE);
  const known = ['quick', 'no-ramp', 'claim-per-socket', 'conversations', 'rate', 'seconds', 'ramp-seconds', 'ramp-steps', 'profile', 'deadline', 'keep-data'];
  for (const name of flags.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}\n${USAGE}`);

  const quick = flags.has('quick');
  const databaseUrl = env.DATABASE_URL || undefined;
  // The targets: PostgreSQL (+ Redis) 10,000 conversations at 1,000 msgs/s; embedded 1,000 at 200.
  const defaults = quick
    ? { conversations: 200, rate: 200, seconds: 10, rampSeconds: 2, rampSteps: 4, deadline: 140 }
    : databaseUrl
      ? { conversations: 10_000, rate: 1000, seconds: 30, rampSeconds: 5, rampSteps: 7, deadline: 3600 }
      : { conversations: 1000, rate: 200, seconds: 30, rampSeconds: 5, rampSteps: 7, deadline: 1800 };
  const number = (name: string, fallback: number, min: number, max: number) => {
    const value = flags.get(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new Error(`--${name} must be a number in [${min}, ${max}]`);
    return parsed;
  };
  const profile = flags.get('profile');
  const keepData = flags.get('keep-data');
  // A PostgreSQL data directory belongs to its server, not to the bench: audit it there (docs/forensics.md).
  if (typeof keepData === 'string' && databaseUrl) throw new Error(`--keep-data keeps PGlite's data directory: unset DATABASE_URL\n${USAGE}`);
  return {
    conversations: Math.round(number('conversations', defaults.conversations, 1, 100_000)),
    rate: number('rate', defaults.rate, 1, 1_000_000),
    seconds: number('seconds', defaults.seconds, 1, 3600),
    quick,
    rampSeconds: number('ramp-seconds', defaults.rampSeconds, 1, 600),
    rampSteps: Math.round(number('ramp-steps', defaults.rampSteps, 0, 20)),
    ramp: !flags.has('no-ramp'),
    perAdvocate: 10,
    claimPerSocket: flags.has('claim-per-socket'),
    profileDir: typeof profile === 'string' ? profile : null,
    deadlineSeconds: number('deadline', defaults.deadline, 10, 24 * 3600),
    databaseUrl,
    redisUrl: env.REDIS_URL || undefined,
    keepData: typeof keepData === 'string' ? keepData : null,
  };
}
