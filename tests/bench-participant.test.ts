import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Behaviour, not speed: `npm run bench:participant` still finds the Exit control and "Start a
 * chat" on the built page and ends with its JSON line. Its figures are read by people
 * (docs/participant.md), never asserted.
 */
describe('npm run bench:participant', () => {
  it('measures one Slow 3G load and prints one JSON line of figures', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('npm', ['run', '--silent', 'bench:participant', '--', '--runs', '1', '--profile', 'slow-3g'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += String(chunk)));
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, Record<string, number>>;
    expect(Object.keys(result)).toEqual(['slow-3g']);
    const figures = result['slow-3g']!;
    for (const key of ['exit_ms', 'start_ms', 'first_contentful_paint_ms', 'bytes_on_the_wire', 'requests']) expect(figures[key], key).toBeGreaterThan(0);
    // The waterfall names the page's own requests.
    expect(stderr).toMatch(/ \/assets\/index-[\w-]+\.js\n/);
  });
});
