import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodings, randomMarker, sweepProfile } from '../support/profile-sweep';

/**
 * The browser tests' forensic sweep finds nothing of a chat: that means something only if it
 * finds what is there. Each form it claims to search for is planted in a file, among random bytes.
 */
describe('the profile sweep', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lantern-sweep-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const plant = (name: string, ...parts: Buffer[]) => writeFile(join(dir, name), Buffer.concat([randomBytes(1000), ...parts, randomBytes(1000)]));

  it('finds text in every encoding it lists, in any script, in nested directories', async () => {
    const texts = [`${randomMarker('latin')} héron`, `حارس ${randomMarker('arabic')}`, `灯笼 ${randomMarker('han')}`];
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    const expected: string[] = [];
    for (const [t, text] of texts.entries()) {
      for (const [encoding, bytes] of encodings(text)) {
        const file = join('a', 'b', `${t}-${encoding.replace(/\W/g, '_')}`);
        await plant(file, bytes);
        expected.push(`${join(dir, file)} ${t} ${encoding}`);
      }
    }
    const hits = await sweepProfile(
      dir,
      texts.map((text, t) => ({ name: String(t), text })),
    );
    // Each file is found with the encoding planted in it (and maybe others that share its bytes).
    const found = new Set(hits.map((h) => `${h.path} ${h.needle} ${h.encoding}`));
    expect(expected.filter((e) => !found.has(e))).toEqual([]);
    // What it lists, at least: Unicode forms, escapes, base64 wherever the text starts, legacy code pages.
    const names = new Set(texts.flatMap((text) => encodings(text).map(([name]) => name)));
    const listed = ['utf-8', 'utf-16le', 'utf-16be', 'hex', 'json \\u', 'percent', 'form', 'html hex', 'html decimal', 'base64+0', 'base64+1', 'base64+2', 'windows-1256', 'gb18030'];
    expect(listed.filter((name) => !names.has(name))).toEqual([]);
  });

  it('finds a marker that compression broke up, by its pieces, and only markers that way', async () => {
    const marker = randomMarker('latin', 24);
    const sentence = 'the blue heron waits by the quiet river';
    // A compressor replaced four bytes in the middle with a back-reference.
    await plant('broken', Buffer.from(marker.slice(0, 10)), Buffer.from([0x11, 0x22, 0x33, 0x44]), Buffer.from(marker.slice(14)));
    await plant('words', Buffer.from('the blue heron waits by the quiet lake'));
    const hits = await sweepProfile(dir, [
      { name: 'marker', text: marker, marker: true },
      { name: 'sentence', text: sentence },
    ]);
    expect(hits.map((h) => [h.needle, h.encoding])).toEqual([['marker', 'utf-8, a piece']]);
  });

  it('opens Firefox mozLz4 files and gzip', async () => {
    const half = Buffer.from(randomMarker('han', 6));
    const text = `${half}${half}`;
    // One LZ4 block: "[" and the first half as literals, the second half as a match 18 bytes back, then "]".
    const block = Buffer.concat([Buffer.from([0xfe, 4, 0x5b]), half, Buffer.from([18, 0, 0x10, 0x5d])]);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(2 + 2 * half.length);
    await writeFile(join(dir, 'recovery.jsonlz4'), Buffer.concat([Buffer.from('mozLz40\0', 'latin1'), size, block]));
    await writeFile(join(dir, 'data.gz'), gzipSync(`[${text}]`));
    const hits = await sweepProfile(dir, [{ name: 'text', text }]);
    expect(hits.map((h) => `${h.path.slice(dir.length + 1)} ${h.encoding}`).sort()).toEqual(['data.gz utf-8 (gzip)', 'recovery.jsonlz4 utf-8 (mozLz4)']);
  });

  it('finds nothing that is not there', async () => {
    const text = randomMarker('arabic');
    await plant('other', ...encodings(randomMarker('arabic')).map(([, bytes]) => bytes));
    expect(await sweepProfile(dir, [{ name: 'text', text, marker: true }])).toEqual([]);
  });
});
