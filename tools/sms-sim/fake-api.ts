import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeProvider = 'twilio' | 'telnyx' | 'vonage';

export interface SentText {
  provider: FakeProvider;
  id: string;
  to: string;
  from: string;
  text: string;
}

export interface Deletion {
  provider: FakeProvider;
  id: string;
}

/** The credentials a real provider would check; a request without them gets the provider's 401. */
export interface FakeCredentials {
  twilio?: { accountSid: string; authToken: string };
  telnyx?: { apiKey: string };
  vonage?: { apiKey: string; apiSecret: string };
}

/**
 * Stand-ins for the REST APIs of Twilio, Telnyx and Vonage on 127.0.0.1, for the simulator and
 * the tests: they record every text sent and every deletion asked for, and can be told to fail.
 * Only the calls Lantern makes are played, with the status codes and reply shapes of the real ones.
 */
export class FakeProviderApi {
  readonly sent: SentText[] = [];
  readonly deleted: Deletion[] = [];
  private readonly server: Server;
  private failures: Array<{ match: RegExp; status: number; remaining: number }> = [];
  private listeners = new Set<() => void>();
  url = '';

  constructor(
    private readonly credentials: FakeCredentials = {},
    /** The simulator prints what happens as it happens. */
    private readonly on: { sent?: (text: SentText) => void; deleted?: (deletion: Deletion) => void } = {},
  ) {
    this.server = createServer((request, response) => {
      void this.handle(request, response).catch(() => reply(response, 500, { message: 'fake failed' }));
    });
  }

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` requests whose "METHOD path" matches get `status`. */
  failNext(match: RegExp, status: number, times = 1): void {
    this.failures.push({ match, status, remaining: times });
  }

  /** Resolves once `check` holds, re-checked after every request. */
  until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`fake provider API: condition not met in ${timeoutMs} ms (sent ${this.sent.length}, deleted ${this.deleted.length})`));
      }, timeoutMs);
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve();
      };
      this.listeners.add(listener);
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const route = `${request.method} ${path}`;
    const failure = this.failures.find((f) => f.remaining > 0 && f.match.test(route));
    try {
      if (failure) {
        failure.remaining--;
        return reply(response, failure.status, { code: 20500, message: 'fake failure', errors: [{ code: '10007' }] });
      }
      const twilioMessages = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/.exec(path);
      if (twilioMessages) return this.twilio(request, response, body, twilioMessages[1]!, twilioMessages[2]);
      if (route === 'POST /v2/messages') return this.telnyx(request, response, body);
      if (route === 'POST /v1/messages' || route === 'POST /v1/redact/transaction') return this.vonage(request, response, body, path);
      reply(response, 404, { message: 'not played by the fake' });
    } finally {
      for (const listener of [...this.listeners]) listener();
    }
  }

  private twilio(request: IncomingMessage, response: ServerResponse, body: string, accountSid: string, messageSid: string | undefined) {
    const expected = this.credentials.twilio;
    if (expected && (accountSid !== expected.accountSid || request.headers.authorization !== basic(expected.accountSid, expected.authToken))) {
      return reply(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    if (request.method === 'DELETE' && messageSid) {
      this.recordDeletion('twilio', decodeURIComponent(messageSid));
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'POST' || messageSid) return reply(response, 405, { code: 20004, message: 'Method not allowed' });
    const form = new URLSearchParams(body);
    const text = this.record('twilio', `SM${randomBytes(16).toString('hex')}`, form.get('To') ?? '', form.get('From') ?? '', form.get('Body') ?? '');
    reply(response, 201, { sid: text.id, account_sid: accountSid, to: text.to, from: text.from, body: text.text, status: 'queued' });
  }

  private telnyx(request: IncomingMessage, response: ServerResponse, body: string) {
    const expected = this.credentials.telnyx;
    if (expected && request.headers.authorization !== `Bearer ${expected.apiKey}`) {
      return reply(response, 401, { errors: [{ code: '10009', title: 'Authentication failed' }] });
    }
    const message = JSON.parse(body) as { from: string; to: string; text: string };
    const text = this.record('telnyx', randomUUID(), message.to, message.from, message.text);
    reply(response, 200, { data: { record_type: 'message', id: text.id, direction: 'outbound', text: text.text } });
  }

  private vonage(request: IncomingMessage, response: ServerResponse, body: string, path: string) {
    const expected = this.credentials.vonage;
    if (expected && request.headers.authorization !== basic(expected.apiKey, expected.apiSecret)) {
      return reply(response, 401, { type: 'https://developer.nexmo.com/api-errors#unauthorized', title: 'Unauthorized' });
    }
    const json = JSON.parse(body) as Record<string, string>;
    if (path === '/v1/redact/transaction') {
      this.recordDeletion('vonage', json.id ?? '');
      response.writeHead(204).end();
      return;
    }
    const text = this.record('vonage', randomUUID(), json.to ?? '', json.from ?? '', json.text ?? '');
    reply(response, 202, { message_uuid: text.id });
  }

  private record(provider: FakeProvider, id: string, to: string, from: string, text: string): SentText {
    const sent = { provider, id, to, from, text };
    this.sent.push(sent);
    this.on.sent?.(sent);
    return sent;
  }

  private recordDeletion(provider: FakeProvider, id: string): void {
    const deletion = { provider, id };
    this.deleted.push(deletion);
    this.on.deleted?.(deletion);
  }
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, json: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
}
