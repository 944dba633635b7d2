import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Runs `npm run bench -- --quick` and returns its exit code and the last line of its stdout. */
function runQuickBench(timeoutMs: number): Promise<{ code: number | null; lastLine: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a timeout can kill npm, tsx and every bench child at once.
    const child = spawn('npm', ['run', '--silent', 'bench', '--', '--quick'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-20_000)));
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`the quick bench did not finish in ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = stdout.trim().split('\n');
      resolve({ code, lastLine: lines.at(-1) ?? '', stderr });
    });
  });
}

/** Behaviour, not speed: a quick run through the real server and the relay delivers every message exactly once. */
describe('npm run bench -- --quick', () => {
  it('ends with one JSON line of figures, every message delivered exactly once', { timeout: 160_000 }, async () => {
    const { code, lastLine, stderr } = await runQuickBench(150_000);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(lastLine) as Record<string, unknown>;
    for (const key of ['conversations', 'msgs_per_s', 'p50_ms', 'p99_ms', 'rss_mb', 'relay_msgs_per_s', 'ratio', 'lost', 'duplicated']) {
      expect(result, `field ${key}`).toHaveProperty(key);
    }
    expect(result.conversations).toBeGreaterThan(0);
    expect(result.msgs_per_s).toBeGreaterThan(0);
    expect(result.p99_ms).toBeGreaterThan(0);
    expect(result.relay_msgs_per_s).toBeGreaterThan(0);
    expect(result.lost).toBe(0);
    expect(result.duplicated).toBe(0);
    expect(result.relay_lost).toBe(0);
    expect(result.relay_duplicated).toBe(0);
    // Deliveries were opened with the receiving side's keys: the real crypto ran end to end.
    expect(result.verified).toBeGreaterThan(0);
  });
});
