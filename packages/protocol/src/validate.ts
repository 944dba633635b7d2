import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ClientFrame, type ClientFrame as ClientFrameT } from './frames';

const clientFrame = TypeCompiler.Compile(ClientFrame);

export type ParseResult = { ok: true; frame: ClientFrameT } | { ok: false; message: string };

/** Parses one text frame from a client; never throws. */
export function parseClientFrame(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'frame is not valid JSON' };
  }
  if (clientFrame.Check(value)) return { ok: true, frame: value };
  const first = clientFrame.Errors(value).First();
  const where = first?.path ? ` at ${first.path}` : '';
  const type = typeof value === 'object' && value !== null && 'type' in value ? String((value as { type: unknown }).type) : '';
  return { ok: false, message: `invalid ${type ? `'${type.slice(0, 32)}' ` : ''}frame${where}: ${first?.message ?? 'unknown shape'}` };
}
