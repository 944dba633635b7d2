/**
 * Values stored out of line (over about 2 KB): the tuple holds a TOAST pointer (1-byte header
 * 0x01, tag 18, then raw size, external size, value id, TOAST table oid) and the value's chunks
 * are rows of the TOAST table, live or dead like any other.
 */

const VARTAG_ONDISK = 18;
const EXTSIZE_MASK = 0x3fffffff;

export interface ToastPointer {
  rawSize: number;
  extSize: number;
  valueId: number;
  toastRelId: number;
}

export function toastPointer(raw: Uint8Array): ToastPointer | null {
  if (raw.length < 18 || raw[0] !== 0x01 || raw[1] !== VARTAG_ONDISK) return null;
  const view = new DataView(raw.buffer, raw.byteOffset + 2, 16);
  return { rawSize: view.getInt32(0, true), extSize: view.getUint32(4, true) & EXTSIZE_MASK, valueId: view.getUint32(8, true), toastRelId: view.getUint32(12, true) };
}

export class ToastChunks {
  private readonly chunks = new Map<string, Map<number, Uint8Array>>();

  add(toastRelId: number, valueId: number, seq: number, data: Uint8Array): void {
    const key = `${toastRelId}/${valueId}`;
    if (!this.chunks.has(key)) this.chunks.set(key, new Map());
    this.chunks.get(key)!.set(seq, data);
  }

  /** The value's bytes; null when chunks are missing or it was compressed (raw size > external size). */
  value(pointer: ToastPointer): Uint8Array | null {
    if (pointer.extSize < pointer.rawSize - 4) return null;
    const parts = this.chunks.get(`${pointer.toastRelId}/${pointer.valueId}`);
    if (!parts) return null;
    const ordered = [...parts.entries()].sort(([a], [b]) => a - b);
    if (ordered.some(([seq], i) => seq !== i)) return null;
    const out = Buffer.concat(ordered.map(([, data]) => data));
    return out.length === pointer.extSize ? out : null;
  }
}
