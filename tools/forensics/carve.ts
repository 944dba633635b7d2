import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fromBase64Url } from './crypto';
import { phoneNumbersIn } from './phones';

/**
 * Every base64url or hex run of 20 or more characters in every file of a directory (pg_wal too),
 * with the 16-byte windows just before it: a tuple's uuids (conversation, message id) sit there in
 * binary, in a heap page as in a WAL record, and name the context the run was sealed under.
 */

/**
 * One distinct run. The bytes before each occurrence (a few at most) are kept, not the ids read
 * from them: a large directory has tens of thousands of runs, and each guess list is computed when
 * the run is tried, then dropped.
 */
export class Carved {
  readonly before: Buffer[] = [];

  constructor(
    readonly text: string,
    /** Where it was first seen: file (relative) and byte offset. */
    readonly file: string,
    readonly offset: number,
    /** Cut out of a longer run at a 1-byte varlena header (a short text column right after another). */
    readonly split: boolean,
  ) {}

  /** Every uuid-shaped 16-byte window of the bytes before it (and uuid text there), as uuid text. */
  get nearbyIds(): Set<string> {
    const ids = new Set<string>();
    for (const bytes of this.before) {
      for (let i = 0; i + 16 <= bytes.length; i++) ids.add(asUuid(bytes.subarray(i, i + 16)));
      for (const match of bytes.toString('latin1').matchAll(UUID_TEXT)) ids.add(match[0]);
    }
    return ids;
  }

  /**
   * (conversation id, client id) guesses for a message: in a messages tuple the client id starts
   * 20 bytes after the conversation id (uuid, then the int4 seq), in a heap page as in a WAL record.
   */
  get nearbyMessageIds(): Array<[string, string]> {
    const pairs: Array<[string, string]> = [];
    for (const bytes of this.before) {
      for (let i = 0; i + CLIENT_ID_AFTER + 16 <= bytes.length; i++) {
        pairs.push([asUuid(bytes.subarray(i, i + 16)), asUuid(bytes.subarray(i + CLIENT_ID_AFTER, i + CLIENT_ID_AFTER + 16))]);
      }
    }
    return pairs;
  }
}

const RUN = /[A-Za-z0-9_-]{20,}/g;
const HEX_RUN = /[0-9a-fA-F]{20,}/g;
export const NEARBY_BYTES = 256;
const UUID_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

const asUuid = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

const CLIENT_ID_AFTER = 20;
/** Occurrences whose preceding bytes are kept per run: the same blob in a heap page, WAL records, a full-page image. */
const MAX_OCCURRENCES = 4;

export interface CarveResult {
  runs: Map<string, Carved>;
  files: number;
  bytes: number;
  /** E.164-looking numbers in the raw bytes (digits and '+' are ASCII in UTF-8), with the file. */
  phones: Array<{ number: string; file: string }>;
  /** Distinct maximal runs (cuts not counted). */
  carved: number;
}

/** The bytes a run may stand for: base64url, and hex when it is hex. */
export function interpretations(text: string): Buffer[] {
  const out: Buffer[] = [];
  const b64 = fromBase64Url(text);
  if (b64) out.push(b64);
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) out.push(Buffer.from(text, 'hex'));
  return out;
}

/** Worth the neighbourhood: it could be a sealed blob (0x01, 0x02) or a point / ECIES blob (0x04). */
const mayBeSealed = (text: string) => text.length >= 40 && interpretations(text).some((b) => b[0] === 1 || b[0] === 2 || b[0] === 4);

function add(runs: Map<string, Carved>, text: string, file: string, offset: number, bytes: Buffer, split: boolean): void {
  if (split && !mayBeSealed(text)) return;
  let run = runs.get(text);
  if (!run) runs.set(text, (run = new Carved(text, file, offset, split)));
  if (mayBeSealed(text) && run.before.length < MAX_OCCURRENCES) run.before.push(Buffer.from(bytes.subarray(Math.max(0, offset - NEARBY_BYTES), offset)));
}

/**
 * A text column under 127 bytes has a 1-byte header, (length + 1) * 2 + 1, which is often itself
 * a base64url character: two such columns in a row carve as one run. Each position whose character
 * reads as such a header cuts out the value it announces.
 */
function varlenaCuts(run: string): Array<{ start: number; text: string }> {
  const cuts = [];
  for (let i = 0; i < run.length - 20; i++) {
    const header = run.charCodeAt(i);
    const length = (header >> 1) - 1;
    if ((header & 1) === 1 && length >= 20 && i + 1 + length <= run.length) cuts.push({ start: i + 1, text: run.slice(i + 1, i + 1 + length) });
  }
  return cuts;
}

export async function carveDirectory(dir: string): Promise<CarveResult> {
  const runs = new Map<string, Carved>();
  const phones: CarveResult['phones'] = [];
  let count = 0;
  let total = 0;
  for await (const path of files(dir)) {
    const bytes = await readFile(path);
    count++;
    total += bytes.length;
    const file = relative(dir, path);
    const text = bytes.toString('latin1');
    for (const number of phoneNumbersIn(text)) phones.push({ number, file });
    for (const pattern of [RUN, HEX_RUN]) {
      for (const match of text.matchAll(pattern)) {
        add(runs, match[0], file, match.index, bytes, false);
        for (const cut of varlenaCuts(match[0])) add(runs, cut.text, file, match.index + cut.start, bytes, true);
      }
    }
  }
  return { runs, files: count, bytes: total, phones, carved: [...runs.values()].filter((r) => !r.split).length };
}
