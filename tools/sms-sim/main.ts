import { createInterface, type Interface } from 'node:readline';
import { FakeProviderApi } from './fake-api';
import { serverCommand } from './server-command';
import { postTwilioWebhook } from './twilio-webhook';

/**
 * npm run sms:sim — try Lantern's text line without a Twilio account. This plays both sides of
 * Twilio: it posts your lines to the server as signed Messaging webhooks, and it answers the
 * server's REST calls (sending, deleting), printing the texts the server sends to "your phone".
 * Run the server with the same TWILIO_* values and TWILIO_API_BASE pointing here (docs/sms.md).
 */
const env = process.env;
const lantern = (env.LANTERN_URL ?? `http://127.0.0.1:${env.PORT ?? 8080}`).replace(/\/+$/, '');
const config = {
  target: lantern,
  publicUrl: (env.PUBLIC_URL ?? lantern).replace(/\/+$/, ''),
  accountSid: env.TWILIO_ACCOUNT_SID ?? `AC${'0'.repeat(32)}`,
  authToken: env.TWILIO_AUTH_TOKEN ?? 'sms-simulator-auth-token',
  programNumber: env.TWILIO_FROM ?? '+15005550006',
  phone: env.SIM_PHONE ?? '+15555550123',
};
const port = Number(env.SIM_PORT ?? 8089);

const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[22m` : text);
/** Made once the API listens, so no typed line arrives before there is a listener for it. */
let rl: Interface | undefined;
/** Prints above the prompt without eating what is being typed. */
const say = (line: string) => {
  process.stdout.write(`\r\x1b[K${line}\n`);
  rl?.prompt(true);
};

const api = new FakeProviderApi(
  { twilio: { accountSid: config.accountSid, authToken: config.authToken } },
  {
    sent: (text) => say(text.to === config.phone ? `lantern> ${text.text}` : dim(`(a text to ${text.to}: ${text.text})`)),
    deleted: (deletion) => say(dim(`(Lantern asked Twilio to delete message ${deletion.id})`)),
  },
);
const apiUrl = await api.start(port);

process.stdout.write(
  [
    `SMS simulator: you are ${config.phone}, texting ${config.programNumber}.`,
    `Start Lantern with these settings (and a program set up), then type a text and press Enter:`,
    '',
    serverCommand({ ...config, lantern: config.target, apiUrl }),
    '',
    dim(`Posting to ${config.target}/webhooks/sms/twilio, signed for ${config.publicUrl}. Ctrl+D or /quit ends.`),
    '',
  ].join('\n'),
);
rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
rl.prompt();

rl.on('line', async (line) => {
  if (line.trim() === '/quit') return rl?.close();
  if (line.length === 0) return rl?.prompt();
  try {
    const { status } = await postTwilioWebhook({ ...config, from: config.phone, to: config.programNumber, body: line });
    if (status !== 200) say(`(Lantern answered ${status}: ${status === 403 ? 'check TWILIO_AUTH_TOKEN and PUBLIC_URL match the server' : 'see the server log'})`);
    else rl?.prompt();
  } catch {
    say(`(Lantern is not answering at ${config.target})`);
  }
});
rl.on('close', () => {
  void api.close().then(() => process.exit(0));
});
