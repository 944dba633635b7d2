import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import { ConversationError } from '../conversations/conversation-error';
import type { ConversationService } from '../conversations/service';
import type { Db } from '../store/db';
import type { ProgramNotices } from '../notices/program-notices';
import { acknowledgeRights } from '../notices/store';
import { currentProgramKey } from '../program/store';
import type { ConversationRow } from '../store/schema';
import * as store from './store';
import { hasGrant } from '../staff/store';
import { hashToken, newToken } from '../tokens';
import type { OpenHours } from './hours';
import type { KeywordMatch, Keywords } from './keywords';
import type { NoticeKind, Notices } from './notices';
import { maskNumber, toE164 } from './phone';
import { ProviderError, type InboundText, type ProviderName, type SmsProvider } from './providers/types';
import { openPhone, phoneLookupHash, sealPhone, sealSmsText } from './seal';
import type { ServerHeldSecrets } from '../conversations/server-held';
import type { StopList } from './stop-list';
import { remoteMessageContext, type Vault } from './vault';
import { smsSent } from '../metrics/instruments';

/** Providers retry for hours at most; a hash of a message id is kept a week, then forgotten. */
const SEEN_FOR_MS = 7 * 86_400_000;
/** How long a reply to a conversation that ended with STOP is refused with that reason (after that: "has ended"). */
const STOP_REMEMBERED_MS = 86_400_000;

/**
 * Why a number cannot be texted now, in words that do not say whether it texted STOP or is in
 * someone's conversation: either way the advocate's next step is the same, and the difference
 * would tell any advocate who has reached out to the line.
 */
export const CANNOT_TEXT_MESSAGE = 'No text can go to this number now. If it is in the queue, answer it from there.';

export const STOPPED_MESSAGE =
  'They texted STOP: this conversation has ended and no more texts can go to this number unless they text START.';

export interface Staff {
  staffId: string;
  displayName: string;
}

export interface SmsServiceDeps {
  db: Db;
  bus: Bus;
  conversations: ConversationService;
  providers: Map<ProviderName, SmsProvider>;
  outboundProvider: ProviderName | null;
  vault: Vault;
  /** Each text conversation's secret, and the number lookup key: memory or Redis, never a disk. */
  serverHeld: ServerHeldSecrets;
  /** Numbers that texted STOP, as slow hashes under a key outside the database. */
  stopList: StopList;
  notices: Notices;
  /** The start and end notices as an admin wrote them in the Notices tab, when they did. */
  programNotices: ProgramNotices | null;
  keywords: Keywords;
  isOpen: OpenHours;
  audit: AuditLog;
  defaultCountryCode: string | null;
  log: FastifyBaseLogger;
}

/** A number an advocate can fix (mistyped, or typed differently twice): the error handler answers 400 with the message. */
export class SmsInputError extends Error {
  readonly statusCode = 400;
}

/** The server lost a text conversation's secret (a restart without Redis): its number and texts cannot be opened. */
const KEY_LOST_MESSAGE = 'This text conversation was interrupted by a server restart and its messages can no longer be opened. End it; if they text again, a new conversation starts.';

/**
 * Texts in and out. An inbound text is sealed at once under its conversation's secret, which the
 * server holds only in memory, and joins the same queue as web chats; a staff text goes to the
 * provider, then is stored sealed the same way. Numbers live under the same secret while their
 * conversation is open; every provider message id is kept (sealed with the server key) until the
 * provider has deleted its copy after close.
 */
export class SmsService {
  constructor(private readonly deps: SmsServiceDeps) {}

  /** One verified inbound text. The plaintext lives only in this call. */
  async receive(provider: SmsProvider, inbound: InboundText): Promise<void> {
    const { db, vault, keywords } = this.deps;
    const idHash = vault.hash('message-id', `${provider.name}|${inbound.providerMessageId}`);
    if (await store.seen(db, idHash)) return;
    const phoneHash = vault.hash('phone', inbound.from);
    const keyword = keywords.match(inbound.text);
    const open = await store.openByPhone(db, await this.lookupHash(inbound.from));

    if (keyword?.kind === 'stop') {
      await this.stop(provider, inbound, keyword, open);
    } else if (keyword?.kind === 'exit') {
      await this.exit(provider, inbound, open);
    } else if (keyword?.kind === 'start' && !open && (await this.optIn(inbound.from, phoneHash))) {
      await this.remember(provider, null, inbound.providerMessageId, 'inbound');
      await this.notify(provider, inbound.from, 'restarted', keyword.language, null);
    } else if (!open?.stopped_at) {
      await this.route(provider, inbound, idHash, phoneHash, keyword, open);
    }
    await store.markSeen(db, idHash, new Date(Date.now() + SEEN_FOR_MS));
  }

  /** Into the number's open conversation, or a new one in the queue (with the start notice). */
  private async route(
    provider: SmsProvider,
    inbound: InboundText,
    idHash: string,
    phoneHash: string,
    keyword: KeywordMatch | null,
    open: Awaited<ReturnType<typeof store.openByPhone>>,
  ): Promise<void> {
    const { db, vault, conversations, notices } = this.deps;
    let conversation = open ? { id: open.conversation_id!, epoch: open.epoch, smsId: open.id, language: open.language } : null;
    let created = false;
    if (!conversation) {
      // Texting again is reaching out again: an earlier STOP no longer holds for our replies.
      await this.optIn(inbound.from, phoneHash);
      const language = keyword?.language ?? notices.defaultLanguage;
      const made = await this.create(provider.name, inbound.from, language, null);
      created = made !== null;
      conversation = made ?? (await this.openConversation(inbound.from));
    }
    await this.remember(provider, conversation.id, inbound.providerMessageId, 'inbound');
    const clientId = vault.uuid('sms-message', idHash);
    const body = await sealSmsText(await this.secret(conversation.id), {
      conversationId: conversation.id,
      sender: 'participant',
      clientId,
      text: inbound.text,
    });
    await conversations.send({ role: 'participant', conversationId: conversation.id }, { conversationId: conversation.id, clientId, body }, 'sms');

    if (created) {
      await this.notify(provider, inbound.from, 'start', conversation.language, conversation.id);
      await this.startNoticeSent(conversation.smsId, conversation.id);
      if (!(await this.deps.isOpen(new Date()))) await this.notify(provider, inbound.from, 'afterHours', conversation.language, conversation.id);
    }
    if (keyword?.kind === 'help') await this.notify(provider, inbound.from, 'help', keyword.language, conversation.id);
  }

  /** STOP: no more texts to this number; its conversation ends (the reply to STOP is the last text). */
  private async stop(
    provider: SmsProvider,
    inbound: InboundText,
    keyword: KeywordMatch,
    open: Awaited<ReturnType<typeof store.openByPhone>>,
  ): Promise<void> {
    const { db, vault, conversations, stopList } = this.deps;
    await stopList.add(inbound.from);
    const conversationId = open?.conversation_id ?? null;
    await this.remember(provider, conversationId, inbound.providerMessageId, 'inbound');
    if (open && conversationId) {
      await store.markStopped(db, open.id);
      await store.recordStop(db, vault.hash('stopped-conversation', conversationId), new Date(Date.now() + STOP_REMEMBERED_MS));
    }
    // Carriers require the confirmation; a provider that answers STOP itself refuses ours, which is fine.
    await this.notify(provider, inbound.from, 'stopped', keyword.language, conversationId);
    if (conversationId) await conversations.close({ role: 'participant', conversationId }, conversationId);
  }

  /**
   * EXIT: the conversation ends and nothing is sent, not even the end notice (a text arriving may
   * be what gives them away). Not an opt-out: texting again starts afresh. With no conversation
   * open there is nothing to end, and nothing is started.
   */
  private async exit(provider: SmsProvider, inbound: InboundText, open: Awaited<ReturnType<typeof store.openByPhone>>): Promise<void> {
    const conversationId = open?.conversation_id ?? null;
    await this.remember(provider, conversationId, inbound.providerMessageId, 'inbound');
    if (!open || !conversationId) return;
    // stopped_at is what keeps afterClose from sending the end notice.
    await store.markStopped(this.deps.db, open.id);
    await this.deps.conversations.close({ role: 'participant', conversationId }, conversationId);
  }

  /** A staff text: to the provider first, then stored sealed and fanned out like any message. */
  async staffSend(staff: Staff, input: { conversationId: string; clientId: string; text: string }): Promise<{ seq: number }> {
    const { db, vault, conversations } = this.deps;
    const { sms, provider } = await this.authorized(staff, input.conversationId);
    // A STOP while the conversation is open marks it stopped (stop() above): the list need not be asked.
    if (sms.stopped_at) throw new ConversationError('closed', STOPPED_MESSAGE);
    // A resend after a lost reply: the text went out once already.
    const stored = await store.storedSeq(db, input.conversationId, input.clientId);
    if (stored !== undefined) return { seq: stored };

    const secret = await this.secret(input.conversationId);
    const to = await openPhone(secret, input.conversationId, sms.id, sms.phone_sealed);
    if (!sms.start_notice_sent) {
      // An advocate texting a number first: the notice goes before their first text.
      await this.notify(provider, to, 'start', sms.language, input.conversationId);
      await this.startNoticeSent(sms.id, input.conversationId);
    }
    let providerMessageId: string;
    try {
      providerMessageId = await provider.send(to, input.text);
      smsSent.inc({ provider: provider.name, outcome: 'sent' });
    } catch (error) {
      smsSent.inc({ provider: provider.name, outcome: 'refused' });
      if (!(error instanceof ProviderError)) throw error;
      throw new ConversationError('unavailable', `The text was not sent: the SMS provider refused it (${error.code}). Try again, or end the conversation.`);
    }
    await this.remember(provider, input.conversationId, providerMessageId, 'outbound');
    const body = await sealSmsText(secret, { conversationId: input.conversationId, sender: 'staff', clientId: input.clientId, text: input.text });
    return conversations.send({ role: 'staff', ...staff }, { conversationId: input.conversationId, clientId: input.clientId, body }, 'sms');
  }

  /**
   * Ongoing advocacy: the advocate typed the number twice; the conversation is theirs, and nothing
   * is sent yet. Starting and every refusal are audited by reason, never with the number.
   */
  async startOutbound(staff: Staff, input: { number: string; confirmNumber: string }): Promise<{ conversationId: string; number: string }> {
    const { db, vault, outboundProvider, defaultCountryCode, notices, audit } = this.deps;
    const refuse = async (reason: string, error: Error): Promise<never> => {
      await audit.record('sms.outbound_refused', staff.staffId, { reason });
      throw error;
    };
    if (!outboundProvider) throw new ConversationError('unavailable', 'Texting is not set up on this server.');
    const number = toE164(input.number, defaultCountryCode);
    if (!number) return refuse('not a number', new SmsInputError('That is not a phone number. Type it with its country code, such as +1 555 555 0123.'));
    if (number !== toE164(input.confirmNumber, defaultCountryCode)) {
      return refuse('numbers differ', new SmsInputError('The two numbers do not match. Check the number and type it again.'));
    }
    const programKey = await currentProgramKey(db);
    if (!programKey) throw new ConversationError('unavailable', 'This line is not set up yet.');
    if (!(await hasGrant(db, staff.staffId, programKey.epoch))) {
      return refuse('no program key', new ConversationError('forbidden', 'You do not hold the program key yet, so you could not read the replies.'));
    }
    const phoneHash = vault.hash('phone', number);
    if ((await this.deps.stopList.has(number)) || (await store.optedOut(db, phoneHash))) {
      return refuse('cannot text', new ConversationError('conflict', CANNOT_TEXT_MESSAGE));
    }
    const made = await this.create(outboundProvider, number, notices.defaultLanguage, staff.staffId);
    if (!made) return refuse('cannot text', new ConversationError('conflict', CANNOT_TEXT_MESSAGE));
    await audit.record('sms.outbound_started', staff.staffId);
    return { conversationId: made.id, number };
  }

  /** What the console shows about the number: masked, unless the advocate reveals it. */
  async details(staff: Staff, conversationId: string) {
    const { sms } = await this.authorized(staff, conversationId);
    const number = await openPhone(await this.secret(conversationId), conversationId, sms.id, sms.phone_sealed);
    return { provider: sms.provider, number: maskNumber(number), stopped: sms.stopped_at !== null };
  }

  async reveal(staff: Staff, conversationId: string): Promise<{ number: string }> {
    const { sms } = await this.authorized(staff, conversationId);
    // That a number was shown is accountable; which number, or whose, is not recorded.
    await this.deps.audit.record('sms.number_revealed', staff.staffId);
    return { number: await openPhone(await this.secret(conversationId), conversationId, sms.id, sms.phone_sealed) };
  }

  /**
   * After any close (from the bus, or a sweep that finds one missed): takes each detached number,
   * sends the end notice unless the conversation ended with STOP or the number never got the
   * start notice (an outbound conversation closed before its first text: a typo or a probe must
   * not reach a stranger's phone), and so erases the number, then lets go of the conversation's
   * secret: from then on nothing opens its texts or its number.
   */
  async afterClose(): Promise<void> {
    const { db, serverHeld } = this.deps;
    await store.detachClosed(db);
    for (const row of await store.takeDetached(db)) {
      const conversationId = await serverHeld.conversationOfText(row.id);
      const secret = conversationId ? await serverHeld.secretOf(conversationId) : null;
      if (conversationId) await serverHeld.drop(conversationId, row.id);
      const provider = this.deps.providers.get(row.provider);
      // Without its secret (lost in a restart) the number cannot be read: no end notice can go.
      if (!provider || row.stopped_at || !row.start_notice_sent || !secret || !conversationId) continue;
      const to = await openPhone(secret, conversationId, row.id, row.phone_sealed);
      await this.notify(provider, to, 'end', row.language, null);
    }
  }

  /** The assigned advocate's SMS conversation, with its provider; a conversation that ended with STOP says so. */
  private async authorized(staff: Staff, conversationId: string) {
    const { db, vault, conversations, providers } = this.deps;
    let conversation: ConversationRow;
    try {
      conversation = await conversations.authorize({ role: 'staff', ...staff }, conversationId);
    } catch (error) {
      if (error instanceof ConversationError && error.code === 'not_found' && (await store.stoppedRecently(db, vault.hash('stopped-conversation', conversationId)))) {
        throw new ConversationError('closed', STOPPED_MESSAGE);
      }
      throw error;
    }
    const sms = await store.byConversation(db, conversationId);
    if (!sms) throw new ConversationError('not_found', 'That is not a text message conversation, or it has ended.');
    const provider = providers.get(sms.provider);
    if (!provider) throw new ConversationError('unavailable', `Texting through ${sms.provider} is no longer set up on this server.`);
    return { conversation, sms, provider };
  }

  private async create(provider: ProviderName, number: string, language: string, assignedTo: string | null) {
    const { db, bus, serverHeld } = this.deps;
    const programKey = await currentProgramKey(db);
    if (!programKey) throw new ConversationError('unavailable', 'This line is not set up yet.');
    const id = randomUUID();
    const smsId = randomUUID();
    const { participantKey, secret } = await serverHeld.create(id, smsId);
    const inserted = await store.insertSmsConversation(db, {
      conversationId: id,
      smsId,
      provider,
      epoch: programKey.epoch,
      tokenHash: hashToken(newToken()),
      language,
      participantKey,
      phoneHash: await this.lookupHash(number),
      phoneSealed: await sealPhone(secret, id, smsId, number),
      assignedTo,
    });
    if (!inserted) {
      await serverHeld.drop(id, smsId);
      return null;
    }
    await bus.publish({ kind: 'queue' });
    return { id, epoch: programKey.epoch, smsId, language };
  }

  private async openConversation(number: string) {
    const open = await store.openByPhone(this.deps.db, await this.lookupHash(number));
    if (!open?.conversation_id) throw new ConversationError('conflict', 'The conversation of this number changed; the provider will retry.');
    return { id: open.conversation_id, epoch: open.epoch, smsId: open.id, language: open.language };
  }

  private async lookupHash(number: string): Promise<string> {
    return phoneLookupHash(await this.deps.serverHeld.lookupKey(), number);
  }

  private async secret(conversationId: string): Promise<Uint8Array<ArrayBuffer>> {
    const secret = await this.deps.serverHeld.secretOf(conversationId);
    if (!secret) throw new ConversationError('closed', KEY_LOST_MESSAGE);
    return secret;
  }

  /** Keeps the provider's id of a message (sealed) so the provider can be asked to delete it after close. */
  private async remember(provider: SmsProvider, conversationId: string | null, providerMessageId: string, direction: 'inbound' | 'outbound') {
    if (!provider.deleteMessage) return;
    const id = randomUUID();
    await store.recordRemoteMessage(this.deps.db, {
      id,
      conversationId,
      provider: provider.name,
      messageIdSealed: this.deps.vault.seal(providerMessageId, remoteMessageContext(id)),
      direction,
    });
  }

  /**
   * Lifts a STOP, from the list and from a keyed hash an older version wrote (`phoneHash`: still
   * honoured, so no one who texted STOP before the upgrade is texted; gone at their START).
   */
  private async optIn(number: string, phoneHash: string): Promise<boolean> {
    const lifted = await this.deps.stopList.remove(number);
    const liftedOld = await store.optIn(this.deps.db, phoneHash);
    return lifted || liftedOld;
  }

  /** The start notice plays the web chat's rights notice: once it has gone, the conversation counts as acknowledged. */
  private async startNoticeSent(smsId: string, conversationId: string): Promise<void> {
    await store.markStartNoticeSent(this.deps.db, smsId);
    if (await acknowledgeRights(this.deps.db, conversationId, new Date())) await this.deps.bus.publish({ kind: 'queue' });
  }

  private async noticeText(kind: NoticeKind, language: string): Promise<string> {
    const own = kind === 'start' || kind === 'end' ? await this.deps.programNotices?.smsText(kind, language) : null;
    return own ?? this.deps.notices.text(kind, language);
  }

  /** A notice is best effort: a failure is logged by code and never stops the conversation. */
  private async notify(provider: SmsProvider, to: string, kind: NoticeKind, language: string, conversationId: string | null): Promise<void> {
    try {
      const id = await provider.send(to, await this.noticeText(kind, language));
      smsSent.inc({ provider: provider.name, outcome: 'sent' });
      await this.remember(provider, conversationId, id, 'outbound');
    } catch (error) {
      smsSent.inc({ provider: provider.name, outcome: 'refused' });
      const code = error instanceof ProviderError ? error.code : 'error';
      this.deps.log.warn({ provider: provider.name, notice: kind, code }, 'sms notice not sent');
    }
  }
}
