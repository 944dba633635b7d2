import { audit, type DatabaseKind } from './audit';
import { humanLines, jsonLine } from './report';
import { NO_SECRETS, readSecrets } from './secrets';

/** `npm run forensics -- DIR [--secrets FILE] [--kind pglite|postgres] [--user ROLE] [--show]` (docs/forensics.md). */

const USAGE = 'usage: npm run forensics -- DIR [--secrets FILE] [--kind pglite|postgres] [--user ROLE] [--show]';

function parse(argv: string[]) {
  let dir: string | null = null;
  const options: { secrets?: string; kind?: DatabaseKind; user?: string; show: boolean } = { show: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--secrets') options.secrets = value();
    else if (arg === '--kind') {
      const kind = value();
      if (kind !== 'pglite' && kind !== 'postgres') throw new Error(`--kind is pglite or postgres\n${USAGE}`);
      options.kind = kind;
    } else if (arg === '--user') options.user = value();
    else if (arg === '--show') options.show = true;
    else if (!arg.startsWith('--') && dir === null) dir = arg;
    else throw new Error(`unexpected argument '${arg}'\n${USAGE}`);
  }
  if (!dir) throw new Error(USAGE);
  return { dir, ...options };
}

try {
  const args = parse(process.argv.slice(2));
  const report = await audit(args.dir, {
    secrets: args.secrets ? await readSecrets(args.secrets) : NO_SECRETS,
    kind: args.kind ?? 'auto',
    ...(args.user ? { superuser: args.user } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${[...humanLines(report, args.show), jsonLine(report, args.show)].join('\n')}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
