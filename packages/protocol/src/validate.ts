import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { AuthFrame, ClaimFrame, CloseFrame, PingFrame, SendFrame, SyncFrame, type ClientFrame } from './frames';
import { ConsentFrame } from './interpreter';
import { EscrowFrame, KeyGrantFrame, KeyRequestFrame } from './conversation-secret';

const compile = <T extends TSchema>(schema: T) => TypeCompiler.Compile(schema) as TypeCheck<TSchema>;

/* One checker per frame type, so an error names the field that is wrong, not just "no union member matched". */
const checkers = new Map<string, TypeCheck<TSchema>>([
  ['auth', compile(AuthFrame)],
  ['send', compile(SendFrame)],
  ['sync', compile(SyncFrame)],
  ['claim', compile(ClaimFrame)],
  ['close', compile(CloseFrame)],
  ['ping', compile(PingFrame)],
  ['consent', compile(ConsentFrame)],
  ['key_request', compile(KeyRequestFrame)],
  ['key_grant', compile(KeyGrantFrame)],
  ['escrow', compile(EscrowFrame)],
]);

export type ParseResult = { ok: true; frame: ClientFrame } | { ok: false; message: string };

/** Parses one text frame from a client; never throws, whatever the text. */
export function parseClientFrame(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'frame must be a JSON object' };
  }
  const type = Object.hasOwn(value, 'type') ? (value as { type: unknown }).type : undefined;
  if (typeof type !== 'string') return { ok: false, message: "frame has no 'type' string" };
  const checker = checkers.get(type);
  if (!checker) return { ok: false, message: `unknown frame type '${type.slice(0, 32)}'` };
  if (checker.Check(value)) return { ok: true, frame: value as ClientFrame };
  const first = checker.Errors(value).First();
  const where = first?.path ? ` at ${first.path}` : '';
  return { ok: false, message: `invalid '${type}' frame${where}: ${first?.message ?? 'unexpected shape'}` };
}
