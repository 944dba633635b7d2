import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_FRAME_TYPES,
  MAX_CIPHERTEXT_BYTES,
  MAX_PADDED_BYTES,
  parseClientFrame,
  type ClientFrame,
  type ParseResult,
} from '../src/index';
import {
  MAX_PADDED_BYTES as CRYPTO_MAX_PADDED_BYTES,
  deriveConversationKeys,
  encryptMessage,
  generateKeyPair,
} from '../../crypto/src/index';

const CONV = '0b8f4c52-63a1-4d7e-9c2f-1a2b3c4d5e6f';
const CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const TOKEN = 'A'.repeat(21) + '-_' + 'z'.repeat(20);
const MAX_BODY_CHARS = Math.ceil((MAX_CIPHERTEXT_BYTES * 4) / 3);

const valid: Record<(typeof CLIENT_FRAME_TYPES)[number], ClientFrame> = {
  auth: { type: 'auth', token: TOKEN },
  send: { type: 'send', conversationId: CONV, clientId: CLIENT, body: 'AQIDBAUG-_' },
  sync: { type: 'sync', conversationId: CONV, afterSeq: 17 },
  claim: { type: 'claim', conversationId: CONV },
  close: { type: 'close', conversationId: CONV },
  ping: { type: 'ping' },
  consent: { type: 'consent', conversationId: CONV, accept: false },
  key_request: { type: 'key_request', conversationId: CONV, deviceKey: 'B'.repeat(87) },
  key_grant: { type: 'key_grant', conversationId: CONV, deviceKey: 'B'.repeat(87), fromKey: 'C'.repeat(87), sealed: 'D'.repeat(82) },
  escrow: { type: 'escrow', conversationId: CONV, sealed: 'E'.repeat(140) },
};

/** Calls the parser as a server would: a throw here is a failure of its contract. */
function parse(text: string): ParseResult {
  let result: ParseResult | undefined;
  expect(() => {
    result = parseClientFrame(text);
  }, `parseClientFrame threw on ${text.slice(0, 80)}`).not.toThrow();
  return result!;
}

function rejected(text: string): string {
  const result = parse(text);
  expect(result.ok, `accepted ${text.slice(0, 80)}`).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(typeof result.message).toBe('string');
  expect(result.message.length).toBeGreaterThan(0);
  // The message goes back to the client; it must not echo an unbounded input.
  expect(result.message.length).toBeLessThan(300);
  return result.message;
}

const send = (patch: Record<string, unknown>) => JSON.stringify({ ...valid.send, ...patch });
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('parseClientFrame accepts', () => {
  it('the frame types it lists', () => {
    expect(Object.keys(valid).sort()).toEqual([...CLIENT_FRAME_TYPES].sort());
  });

  it.each(CLIENT_FRAME_TYPES)('a valid %s frame, returned as parsed', (type) => {
    const result = parse(JSON.stringify(valid[type]));
    expect(result).toEqual({ ok: true, frame: valid[type] });
  });

  it('afterSeq at both ends of its range', () => {
    for (const afterSeq of [0, 2 ** 31]) expect(parse(JSON.stringify({ ...valid.sync, afterSeq })).ok).toBe(true);
  });

  it('a body at exactly the largest ciphertext length', () => {
    expect(parse(send({ body: 'A'.repeat(MAX_BODY_CHARS) })).ok).toBe(true);
  });

  it('what the crypto package produces, smallest and largest message', async () => {
    expect(MAX_PADDED_BYTES).toBe(CRYPTO_MAX_PADDED_BYTES);
    const program = await generateKeyPair();
    const e = await generateKeyPair();
    const keys = await deriveConversationKeys(e.privateKey, program.publicKey, CONV);
    for (const text of ['', 'a'.repeat(MAX_PADDED_BYTES - 12)]) {
      const body = await encryptMessage(keys, 'participant', CLIENT, { text });
      expect(parse(send({ body })).ok, `body of ${body.length} characters`).toBe(true);
    }
  });

  it('surrounding whitespace, as JSON allows', () => {
    expect(parse(` \n${JSON.stringify(valid.ping)}\t`).ok).toBe(true);
  });
});

describe('parseClientFrame rejects without throwing', () => {
  it.each([
    ['empty text', ''],
    ['not JSON', 'hello'],
    ['truncated JSON', '{"type":"ping"'],
    ['single quotes', "{'type':'ping'}"],
    ['JSON null', 'null'],
    ['JSON array', '[{"type":"ping"}]'],
    ['JSON number', '42'],
    ['JSON string', '"ping"'],
    ['JSON true', 'true'],
    ['no type', '{}'],
    ['unknown type', '{"type":"pong"}'],
    ['type of another case', '{"type":"PING"}'],
    ['type not a string', '{"type":1}'],
    ['type null', '{"type":null}'],
    ['extra property', JSON.stringify({ ...valid.ping, sneaky: true })],
    ['extra property on send', send({ sender: 'staff' })],
    ['missing property', JSON.stringify({ type: 'send', conversationId: CONV, clientId: CLIENT })],
    ['uuid too short', send({ conversationId: CONV.slice(1) })],
    ['uuid upper case', send({ clientId: CLIENT.toUpperCase() })],
    ['uuid without dashes', send({ clientId: CLIENT.replace(/-/g, '') })],
    ['uuid with trailing newline', send({ clientId: `${CLIENT}\n` })],
    ['uuid not a string', send({ conversationId: 12 })],
    ['empty body', send({ body: '' })],
    ['body one character too long', send({ body: 'A'.repeat(MAX_BODY_CHARS + 1) })],
    ['body of a megabyte', send({ body: 'A'.repeat(1 << 20) })],
    ['body with base64 padding', send({ body: 'AQID=' })],
    ['body with standard base64 characters', send({ body: 'AQ+/' })],
    ['body not a string', send({ body: ['AQID'] })],
    ['token one short', JSON.stringify({ type: 'auth', token: TOKEN.slice(1) })],
    ['token one long', JSON.stringify({ type: 'auth', token: `${TOKEN}A` })],
    ['negative afterSeq', JSON.stringify({ ...valid.sync, afterSeq: -1 })],
    ['fractional afterSeq', JSON.stringify({ ...valid.sync, afterSeq: 1.5 })],
    ['afterSeq past 2^31', JSON.stringify({ ...valid.sync, afterSeq: 2 ** 31 + 1 })],
    ['afterSeq as a string', JSON.stringify({ ...valid.sync, afterSeq: '1' })],
    ['consent answer as a string', JSON.stringify({ ...valid.consent, accept: 'yes' })],
    ['consent without an answer', JSON.stringify({ type: 'consent', conversationId: CONV })],
    ['__proto__ key', '{"type":"ping","__proto__":{"isAdmin":true}}'],
    ['__proto__ holding the type', '{"__proto__":{"type":"ping"}}'],
    ['constructor key', '{"type":"ping","constructor":{"prototype":{"isAdmin":true}}}'],
    ['deeply nested array', nested(100_000)],
    ['deeply nested object', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
    ['deeply nested body', send({ body: null }).replace('null', nested(50_000))],
    ['type that is an object with toString', '{"type":{"toString":1}}'],
    ['type that is an array holding such an object', '{"type":[{"toString":1}]}'],
    ['type that is a deeply nested array', `{"type":${nested(100_000)}}`],
  ])('%s', (_name, text) => {
    rejected(text);
  });

  it('leaves Object.prototype alone', () => {
    parseClientFrame('{"type":"ping","__proto__":{"polluted":true}}');
    parseClientFrame('{"type":"ping","constructor":{"prototype":{"polluted":true}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('caps how much of a long unknown type it repeats', () => {
    const message = rejected(JSON.stringify({ type: 'x'.repeat(10_000) }));
    expect(message).not.toContain('x'.repeat(33));
  });
});

describe('parseClientFrame says what is wrong', () => {
  it('not JSON', () => {
    expect(rejected('{nope')).toMatch(/JSON/);
  });

  it.each([
    ['a non-object, by saying an object was expected', 'null', /object/i],
    ['an unknown type, by naming the type field', '{"type":"teleport"}', /type/],
    ['an extra property, by naming it', JSON.stringify({ ...valid.ping, sneaky: true }), /sneaky/],
    ['a bad uuid, by naming the field', send({ clientId: 'not-a-uuid' }), /clientId/],
    ['an oversize body, by naming the field', send({ body: 'A'.repeat(MAX_BODY_CHARS + 1) }), /body/],
    ['a __proto__ key, by naming it', '{"type":"ping","__proto__":{}}', /__proto__/],
    ['a missing field, by naming it', JSON.stringify({ type: 'claim' }), /conversationId/],
  ])('%s', (_name, text, pattern) => {
    expect(rejected(text)).toMatch(pattern);
  });
});

describe('parseClientFrame never throws (property)', () => {
  const neverThrows = (text: string) => {
    const result = parseClientFrame(text);
    return result.ok ? typeof result.frame.type === 'string' : typeof result.message === 'string';
  };
  const stringify = (value: unknown) => JSON.stringify(value) ?? 'undefined';

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), neverThrows), { numRuns: 2000 });
  });

  it('on arbitrary JSON text', () => {
    fc.assert(fc.property(fc.json(), neverThrows), { numRuns: 2000 });
  });

  it('on arbitrary values, stringified', () => {
    fc.assert(fc.property(fc.anything(), (v) => neverThrows(stringify(v))), { numRuns: 2000 });
  });

  it('on objects whose keys are the ones a parser trips on, including as the type', () => {
    const key = fc.constantFrom('type', 'toString', 'valueOf', '__proto__', 'constructor', 'body', 'conversationId');
    const value = fc.anything({ key, maxDepth: 3 });
    const frame = fc.record({ type: fc.oneof(fc.constantFrom(...CLIENT_FRAME_TYPES), value) }, { noNullPrototype: true });
    fc.assert(fc.property(fc.tuple(frame, fc.dictionary(key, value)), ([f, extra]) => neverThrows(stringify({ ...extra, ...f }))), {
      numRuns: 2000,
    });
  });

  it('accepts every well-formed send frame', () => {
    const uuid = fc.uuid().map((u) => u.toLowerCase());
    const body = fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189-_'), minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(uuid, uuid, body, (conversationId, clientId, b) => {
        const frame = { type: 'send', conversationId, clientId, body: b };
        const result = parseClientFrame(JSON.stringify(frame));
        return result.ok && JSON.stringify(result.frame) === JSON.stringify(frame);
      }),
      { numRuns: 500 },
    );
  });
});
