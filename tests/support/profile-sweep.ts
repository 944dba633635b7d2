/**
 * The forensic sweep of a browser profile: every file under a directory, searched for text in every
 * encoding a browser or a library under it might have used to write it. Used by the Chromium
 * forensic test and the cross-engine suite; a control in each proves it finds what an engine keeps.
 */
import { randomInt } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Needle {
  /** What a hit is reported as. */
  name: string;
  text: string;
  /**
   * A random marker: also searched for piece by piece (8 characters, every 4), so storage that
   * compresses (LevelDB and IndexedDB values in snappy, Firefox's LZ4) and breaks the marker where
   * a few of its bytes repeat earlier still shows the rest. Not for ordinary text, whose pieces
   * (common words) would be found anywhere.
   */
  marker?: boolean;
}

const ALPHABETS = {
  latin: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  // The Arabic letters hamza to yeh (U+0621–U+064A).
  arabic: String.fromCodePoint(...Array.from({ length: 0x64a - 0x621 + 1 }, (_, i) => 0x621 + i).filter((c) => c < 0x63b || c > 0x640)),
  // CJK unified ideographs, the common block.
  han: String.fromCodePoint(...Array.from({ length: 0x9fa5 - 0x4e00 + 1 }, (_, i) => 0x4e00 + i)),
};

/** A string found nowhere by chance: `length` random characters of one script. */
export function randomMarker(script: keyof typeof ALPHABETS, length = 24): string {
  const letters = Array.from(ALPHABETS[script]);
  return Array.from({ length }, () => letters[randomInt(letters.length)]).join('');
}

// ---------------------------------------------------------------- encodings

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const nonAscii = (text: string, escape: (codePoint: number, char: string) => string) =>
  Array.from(text, (char) => (char.codePointAt(0)! < 0x80 ? char : escape(char.codePointAt(0)!, char))).join('');

/** Legacy code pages that have the text's script, inverted from the platform's own decoders. */
const LEGACY = ['windows-1252', 'windows-1256', 'gb18030', 'big5', 'shift_jis', 'euc-kr'];
const legacyTables = new Map<string, Map<string, Buffer>>();
function legacyTable(encoding: string): Map<string, Buffer> {
  let table = legacyTables.get(encoding);
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder(encoding, { fatal: true });
  const add = (bytes: number[]) => {
    try {
      const char = decoder.decode(new Uint8Array(bytes));
      if (Array.from(char).length === 1 && char !== '\uFFFD' && !table!.has(char)) table!.set(char, Buffer.from(bytes));
    } catch {
      // Not a character in this code page.
    }
  };
  for (let b = 0; b < 0x100; b++) add([b]);
  if (!encoding.startsWith('windows-')) for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) add([lead, trail]);
  legacyTables.set(encoding, table);
  return table;
}
function legacyBytes(text: string, encoding: string): Buffer | null {
  const table = legacyTable(encoding);
  const parts: Buffer[] = [];
  for (const char of text) {
    const bytes = table.get(char);
    if (!bytes) return null;
    parts.push(bytes);
  }
  return Buffer.concat(parts);
}

/** Base64 of the text's UTF-8 wherever it starts in a longer stream: three alignments, whole groups only. */
function base64Forms(utf8: Buffer): Array<[string, Buffer]> {
  const forms: Array<[string, Buffer]> = [];
  for (let skip = 0; skip < 3; skip++) {
    const body = utf8.subarray(skip, skip + Math.floor((utf8.length - skip) / 3) * 3);
    if (body.length < 6) continue;
    forms.push([`base64+${skip}`, Buffer.from(body.toString('base64'))]);
    forms.push([`base64url+${skip}`, Buffer.from(body.toString('base64url'))]);
  }
  return forms;
}

/** Every byte form of `text` the sweep looks for, each named by its encoding. */
export function encodings(text: string): Array<[string, Buffer]> {
  const forms: Array<[string, Buffer]> = [];
  for (const [form, variant] of [['', text.normalize('NFC')], ['nfd ', text.normalize('NFD')]] as const) {
    if (form && variant === text.normalize('NFC')) continue;
    const utf8 = Buffer.from(variant, 'utf8');
    const utf16le = Buffer.from(variant, 'utf16le');
    forms.push(
      [`${form}utf-8`, utf8],
      [`${form}utf-16le`, utf16le],
      [`${form}utf-16be`, Buffer.from(utf16le).swap16()],
      [`${form}hex`, Buffer.from(utf8.toString('hex'))],
      [`${form}json \\u`, Buffer.from(nonAscii(variant, (_, c) => Array.from({ length: c.length }, (_, i) => `\\u${hex(c.charCodeAt(i), 4)}`).join('')))],
      [`${form}json \\U`, Buffer.from(nonAscii(variant, (_, c) => Array.from({ length: c.length }, (_, i) => `\\u${hex(c.charCodeAt(i), 4).toUpperCase()}`).join('')))],
      [`${form}percent`, Buffer.from(encodeURIComponent(variant))],
      [`${form}percent lower`, Buffer.from(encodeURIComponent(variant).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()))],
      [`${form}form`, Buffer.from(encodeURIComponent(variant).replace(/%20/g, '+'))],
      [`${form}html hex`, Buffer.from(nonAscii(variant, (cp) => `&#x${cp.toString(16)};`))],
      [`${form}html decimal`, Buffer.from(nonAscii(variant, (cp) => `&#${cp};`))],
      ...base64Forms(utf8).map(([name, bytes]): [string, Buffer] => [`${form}${name}`, bytes]),
    );
    for (const encoding of LEGACY) {
      const bytes = legacyBytes(variant, encoding);
      if (bytes) forms.push([`${form}${encoding}`, bytes]);
    }
  }
  // One byte form may have several names (ASCII is the same in most); search it once.
  const seen = new Set<string>();
  return forms.filter(([, bytes]) => bytes.length > 0 && !seen.has(bytes.toString('latin1')) && !!seen.add(bytes.toString('latin1')));
}

/** A marker's pieces: 8 characters every 4, so any unbroken run of 11 of its characters contains one. */
function pieces(marker: string): string[] {
  const chars = Array.from(marker);
  const found: string[] = [];
  for (let i = 0; i + 8 <= chars.length; i += 4) found.push(chars.slice(i, i + 8).join(''));
  return found;
}

// ---------------------------------------------------------------- containers

/** Firefox's mozLz4 files (session store, bookmarks backups): "mozLz40\0", the size, one LZ4 block. */
function mozLz4(bytes: Buffer): Buffer | null {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== 'mozLz40\0') return null;
  const out = Buffer.alloc(bytes.readUInt32LE(8));
  let i = 12;
  let o = 0;
  while (i < bytes.length && o < out.length) {
    const token = bytes[i++]!;
    let literals = token >> 4;
    if (literals === 15) for (let b = 255; b === 255; literals += b) b = bytes[i++]!;
    o += bytes.copy(out, o, i, i + literals);
    i += literals;
    if (i >= bytes.length) break;
    const offset = bytes.readUInt16LE(i);
    i += 2;
    let length = token & 15;
    if (length === 15) for (let b = 255; b === 255; length += b) b = bytes[i++]!;
    for (let k = 0; k < length + 4; k++, o++) out[o] = out[o - offset]!;
  }
  return out.subarray(0, o);
}

/** The file's bytes, and what they hold when they are a container the sweep can open. */
function views(bytes: Buffer): Array<[string, Buffer]> {
  const opened: Array<[string, Buffer]> = [['', bytes]];
  const lz4 = mozLz4(bytes);
  if (lz4) opened.push([' (mozLz4)', lz4]);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      opened.push([' (gzip)', gunzipSync(bytes)]);
    } catch {
      // Not gzip after all.
    }
  }
  return opened;
}

// ---------------------------------------------------------------- the sweep

export interface Hit {
  path: string;
  needle: string;
  encoding: string;
}

interface Pattern {
  needle: string;
  encoding: string;
  bytes: Buffer;
}

/**
 * Which patterns occur in `view`, in one pass: each pattern is indexed by its first four bytes,
 * so a position costs a bitmap lookup (a profile holds tens of megabytes, the needles thousands
 * of byte forms, and `includes` for each would take minutes).
 */
function occurring(view: Buffer, index: PatternIndex): Set<Pattern> {
  const found = new Set<Pattern>();
  for (let i = 0; i + 4 <= view.length; i++) {
    const anchor = view.readUInt32LE(i);
    const slot = Math.imul(anchor, 0x9e3779b1) >>> 8;
    if (!(index.bitmap[slot >>> 3]! & (1 << (slot & 7)))) continue;
    for (const pattern of index.byAnchor.get(anchor) ?? []) {
      const end = i + pattern.bytes.length;
      if (end <= view.length && !found.has(pattern) && view.compare(pattern.bytes, 0, pattern.bytes.length, i, end) === 0) found.add(pattern);
    }
  }
  return found;
}

interface PatternIndex {
  bitmap: Uint8Array;
  byAnchor: Map<number, Pattern[]>;
}

function indexPatterns(patterns: Pattern[]): PatternIndex {
  const index: PatternIndex = { bitmap: new Uint8Array(1 << 21), byAnchor: new Map() };
  for (const pattern of patterns) {
    if (pattern.bytes.length < 4) throw new Error(`${pattern.needle} is too short to search for`);
    const anchor = pattern.bytes.readUInt32LE(0);
    const slot = Math.imul(anchor, 0x9e3779b1) >>> 8;
    index.bitmap[slot >>> 3]! |= 1 << (slot & 7);
    index.byAnchor.set(anchor, [...(index.byAnchor.get(anchor) ?? []), pattern]);
  }
  return index;
}

/** Every file under `dir` holding any needle in any encoding; one hit per file, needle and encoding. */
export async function sweepProfile(dir: string, needles: Needle[]): Promise<Hit[]> {
  const patterns = needles.flatMap((needle) =>
    [needle.text, ...(needle.marker ? pieces(needle.text) : [])].flatMap((text, i) =>
      encodings(text).map(([encoding, bytes]): Pattern => ({ needle: needle.name, encoding: i === 0 ? encoding : `${encoding}, a piece`, bytes })),
    ),
  );
  const index = indexPatterns(patterns);
  const hits: Hit[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path).catch(() => null);
    if (!bytes) continue;
    const reported = new Set<string>();
    for (const [container, view] of views(bytes)) {
      for (const { needle, encoding } of occurring(view, index)) {
        const key = `${needle}\0${encoding}${container}`;
        if (reported.has(key)) continue;
        reported.add(key);
        hits.push({ path, needle, encoding: encoding + container });
      }
    }
  }
  return hits;
}

export const describeHits = (hits: Hit[]) => hits.map((h) => `${h.path}: ${h.needle} (${h.encoding})`);
