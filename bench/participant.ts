import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { chromiumOptions } from '../tests/support/browser';
import { freePort, ROOT, stop } from './children';

/**
 * `npm run bench:participant`: how soon a participant on a slow phone link has a way out and a
 * way in. Debian's Chromium loads the participant page from the built server (`npm run build`
 * first) with DevTools' network emulation and a 4× CPU slowdown in a 360×740 window, a fresh
 * context (so a cold cache and new connections) each run, and records when the Exit control and
 * "Start a chat" become usable. Progress and each run's waterfall go to stderr; stdout ends with
 * one JSON line of medians. A benchmark, not a test: the goals (Exit within 4 s, Start within 6 s
 * on 2G) are read from it, never asserted.
 */

interface Profile {
  /** Throughput in kbit/s (1000 bits), each way. */
  downKbps: number;
  upKbps: number;
  /** Added to every request, as DevTools' emulation does (not per TCP round trip). */
  latencyMs: number;
  cpuSlowdown: number;
}

/** The 2G, and WebPageTest's "3G Slow" (400 kbit/s, 400 ms), both on a phone 4× slower than this machine. */
const PROFILES: Record<string, Profile> = {
  '2g': { downKbps: 50, upKbps: 50, latencyMs: 800, cpuSlowdown: 4 },
  'slow-3g': { downKbps: 400, upKbps: 400, latencyMs: 400, cpuSlowdown: 4 },
};
const VIEWPORT = { width: 360, height: 740 };
const RUN_TIMEOUT_MS = 60_000;

/**
 * Runs in the page before its own script (DevTools injects it; the page's CSP does not apply) and
 * notes, at the first animation frame where each holds, when the Exit control and "Start a chat"
 * are usable: present, inside the window, visible, the topmost element at their centre, and able
 * to act (Exit: the script's button, or the served link with its href; Start: an enabled button,
 * which the script creates with its handler). Frame times count from the navigation's start.
 * Source text, not a function: tsx would wrap its inner functions in a helper the page lacks.
 */
const WATCH_USABLE = `(() => {
  const seen = {};
  const usable = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    if (box.width <= 0 || box.height <= 0 || box.bottom <= 0 || box.right <= 0 || box.top >= innerHeight || box.left >= innerWidth) return false;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || style.opacity === '0' || style.pointerEvents === 'none') return false;
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return !!top && (top === el || el.contains(top));
  };
  const exit = () => {
    const el = document.querySelector('#top .exit');
    return usable(el) && (el.tagName === 'BUTTON' || (el.tagName === 'A' && !!el.getAttribute('href')));
  };
  const start = () => usable(Array.from(document.querySelectorAll('button')).find((b) => b.textContent.trim() === 'Start a chat' && !b.disabled));
  const frame = (now) => {
    if (seen.exit === undefined && exit()) seen.exit = now;
    if (seen.start === undefined && start()) seen.start = now;
    if (seen.exit === undefined || seen.start === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  Object.defineProperty(window, '__usable', { value: seen });
})();`;

interface Run {
  exitMs: number;
  startMs: number;
  firstContentfulPaintMs: number;
  bytesOnTheWire: number;
  requests: Array<{ path: string; startMs: number; endMs: number; bytes: number }>;
}

async function measure(browser: Browser, url: string, profile: Profile): Promise<Run> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latencyMs,
      downloadThroughput: (profile.downKbps * 1000) / 8,
      uploadThroughput: (profile.upKbps * 1000) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
    await page.addInitScript({ content: WATCH_USABLE });
    const finished: Array<Promise<Run['requests'][number]>> = [];
    page.on('requestfinished', (request) =>
      finished.push(
        request.sizes().then(({ responseHeadersSize, responseBodySize }) => {
          const timing = request.timing();
          return {
            path: new URL(request.url()).pathname,
            startMs: Math.round(timing.startTime),
            endMs: Math.round(timing.startTime + timing.responseEnd),
            bytes: responseHeadersSize + responseBodySize,
          };
        }),
      ),
    );
    await page.goto(url, { waitUntil: 'commit', timeout: RUN_TIMEOUT_MS });
    await page.waitForFunction(() => {
      const seen = (window as unknown as { __usable?: { exit?: number; start?: number } }).__usable;
      return seen?.exit !== undefined && seen.start !== undefined;
    }, undefined, { timeout: RUN_TIMEOUT_MS, polling: 100 });
    const seen = await page.evaluate(() => ({
      ...(window as unknown as { __usable: { exit: number; start: number } }).__usable,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      origin: performance.timeOrigin,
    }));
    const requests = (await Promise.all(finished)).map((r) => ({ ...r, startMs: Math.round(r.startMs - seen.origin), endMs: Math.round(r.endMs - seen.origin) }));
    // Usable means painted too: a frame callback can come before the first paint.
    return {
      exitMs: Math.round(Math.max(seen.exit, seen.fcp)),
      startMs: Math.round(Math.max(seen.start, seen.fcp)),
      firstContentfulPaintMs: Math.round(seen.fcp),
      bytesOnTheWire: requests.reduce((sum, r) => sum + r.bytes, 0),
      requests,
    };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
};

/** The built server (what `npm start` runs) on a free port with a fresh data directory. */
async function startBuiltServer(dataDir: string) {
  const main = join(ROOT, 'apps/server/dist/main.js');
  if (!existsSync(main) || !existsSync(join(ROOT, 'apps/chat/dist/index.html'))) throw new Error('run `npm run build` first: the bench loads the built page from the built server');
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    if (Date.now() > until) throw new Error('the server did not become healthy in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `${url}/`, child };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, profile: { type: 'string', multiple: true } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
  const names = values.profile ?? Object.keys(PROFILES);
  for (const name of names) if (!PROFILES[name]) throw new Error(`unknown --profile ${name}; known: ${Object.keys(PROFILES).join(', ')}`);

  const dataDir = await mkdtemp(join(tmpdir(), 'lantern-bench-participant-'));
  const server = await startBuiltServer(dataDir);
  const browser = await chromium.launch(chromiumOptions());
  try {
    const result: Record<string, unknown> = {};
    for (const name of names) {
      const profile = PROFILES[name]!;
      const measured: Run[] = [];
      for (let i = 0; i < runs; i++) {
        const run = await measure(browser, server.url, profile);
        measured.push(run);
        process.stderr.write(`${name} run ${i + 1}/${runs}: Exit ${run.exitMs} ms, Start ${run.startMs} ms, first paint ${run.firstContentfulPaintMs} ms, ${run.bytesOnTheWire} bytes\n`);
        for (const r of run.requests) process.stderr.write(`  ${String(r.startMs).padStart(6)} → ${String(r.endMs).padStart(6)} ms  ${String(r.bytes).padStart(6)} B  ${r.path}\n`);
      }
      result[name] = {
        ...profile,
        runs,
        exit_ms: median(measured.map((r) => r.exitMs)),
        start_ms: median(measured.map((r) => r.startMs)),
        first_contentful_paint_ms: median(measured.map((r) => r.firstContentfulPaintMs)),
        exit_ms_each: measured.map((r) => r.exitMs),
        start_ms_each: measured.map((r) => r.startMs),
        bytes_on_the_wire: median(measured.map((r) => r.bytesOnTheWire)),
        requests: measured[0]!.requests.length,
      };
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
    await stop(server.child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
