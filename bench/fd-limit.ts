import { execFileSync } from 'node:child_process';

/**
 * Every socket is a file descriptor, in the server and in the load process alike, so a run of
 * C conversations needs 2·C descriptors in each plus some slack. Node cannot raise its own
 * limit, so children are started through `sh -c 'ulimit -n N; exec …'` when the soft limit is
 * short and the hard limit (or root) allows more.
 */
export interface FdLimit {
  soft: number;
  hard: number;
  needed: number;
  /** The soft limit the children get: `needed`, or the current one when that is enough. */
  raiseTo: number | null;
}

/** Listening socket, database pool, stdio, epoll and the like: a few dozen in practice. */
const SLACK = 200;

function shellLimit(flag: '-Sn' | '-Hn'): number {
  const text = execFileSync('/bin/sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
  return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
}

function canRaiseHard(to: number): boolean {
  try {
    execFileSync('/bin/sh', ['-c', `ulimit -Hn ${to}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function planFdLimit(conversations: number): FdLimit {
  const soft = shellLimit('-Sn');
  const hard = shellLimit('-Hn');
  const needed = 2 * conversations + SLACK;
  if (soft >= needed) return { soft, hard, needed, raiseTo: null };
  // Anyone may raise the soft limit up to the hard one; only CAP_SYS_RESOURCE raises the hard one.
  if (needed > hard && !canRaiseHard(needed)) {
    throw new Error(
      `open-files limit too low: ${conversations} conversations need ${needed} descriptors per process, ` +
        `the hard limit is ${hard}. Raise it (ulimit -Hn ${needed}, or LimitNOFILE= / limits.conf) or use fewer --conversations.`,
    );
  }
  return { soft, hard, needed, raiseTo: needed };
}

/** The command and arguments that start `argv` with the planned limit. */
export function withFdLimit(limit: FdLimit, argv: [string, ...string[]]): [string, string[]] {
  if (limit.raiseTo === null) return [argv[0], argv.slice(1)];
  // `exec` keeps the pid, so /proc/<pid> readings are of node itself, not of the shell.
  const raise = limit.raiseTo > limit.hard ? `ulimit -Hn ${limit.raiseTo} && ` : '';
  return ['/bin/sh', ['-c', `${raise}ulimit -Sn ${limit.raiseTo} && exec "$0" "$@"`, ...argv]];
}
