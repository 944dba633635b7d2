import { readdirSync, readFileSync } from 'node:fs';

/** Linux /proc readers for another process's CPU time and memory (the bench measures its children). */

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** User + system CPU time the process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name and state.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Resident set size now, in KiB. */
export const rssKb = (pid: number): number => statusKb(pid, 'VmRSS');

/** Peak resident set size, in KiB. */
export const peakRssKb = (pid: number): number => statusKb(pid, 'VmHWM');

/**
 * Waits (bounded) until the process uses less than `busyShare` of one core over a short window:
 * after an overloaded ramp step the server may still be working off a backlog.
 */
export async function waitIdle(pid: number, maxMs: number, busyShare = 0.15, windowMs = 500): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const before = cpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if (cpuMs(pid) - before < busyShare * windowMs) return;
  }
}

/**
 * Summed CPU time (ms) of the processes whose command line matches: services doing the server's
 * work, such as the PostgreSQL backends of one database (their title names it) or redis-server.
 */
export function cpuMsOfProcesses(match: (commandLine: string) => boolean): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (match(commandLine)) total += cpuMs(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** The machine's 1-minute load average: other work on a 2-core machine shows up in latency, so it is reported. */
export const loadAverage = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
