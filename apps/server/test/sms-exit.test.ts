import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableBackends } from './support/backends';
import { FrameSocket } from './support/clients';
import { answerSms, startSmsHarness, textIn, type Frame, type SmsHarness } from './sms-harness';

const backends = await availableBackends();

/** EXIT: for a texter who must stop now, the conversation ends and no text at all comes back. */
describe.each(backends)('the SMS EXIT keyword on %s', (backend) => {
  let h: SmsHarness;
  let socket: FrameSocket;

  beforeAll(async () => {
    h = await startSmsHarness(backend, { SMS_LANGUAGES: 'en,fr,es' });
    socket = await FrameSocket.connect(h.server.wsUrl, h.advocate.session.token);
  });
  afterAll(async () => {
    socket?.close();
    await h?.close();
  });

  const textsTo = (number: string) => h.api.sent.filter((s) => s.to === number).map((s) => s.text);

  it('ends the conversation on EXIT with no text at all (not even the end notice), and is no opt-out', async () => {
    const number = '+15555550191';
    await textIn(h, number, 'can someone help me');
    const summary = await answerSms(h, socket);
    await h.api.until(() => textsTo(number).length > 0);
    const before = textsTo(number);
    expect((await textIn(h, number, ' Exit ')).status).toBe(200);
    expect((await socket.next<Frame<'closed'>>((f) => f.type === 'closed' && f.conversationId === summary.id)).by).toBe('participant');
    // Texting again starts afresh (EXIT is not STOP): its start notice is the next text, and the
    // end notice of the first conversation never came.
    await textIn(h, number, 'hello again');
    await h.api.until(() => textsTo(number).length > before.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = textsTo(number).slice(before.length);
    expect(after).toHaveLength(1);
    expect(after[0]).toContain('you have reached our text line');
  });

});
