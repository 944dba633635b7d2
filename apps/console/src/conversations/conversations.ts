import { batch, computed, signal, type Signal } from '@preact/signals';
import { ConversationOrder, MessageTooLongError, decryptMessage, encryptMessage, type Sender } from '@lantern/crypto';
import type { ConversationSummary, MessageAuthor, MessageFrame, ServerFrame } from '@lantern/protocol';
import { MAX_MESSAGE_GRAPHEMES } from '@lantern/protocol/limits';
import { forgetConversationKeys, openConversationKeys, type OpenedConversation } from './conversation-keys';
import { sendSms, SMS_MAX_CHARS } from './sms/sms';
import { keepCardLabels } from './card-labels';
import { dropOutbox, send, sendMessage, settle } from '../shared/socket';
import { debriefOffered, forgetTransfer, onOpened } from './transfer/transfer';
import { me } from '../shared/state';
import { clearHanded, markHanded, mayOpenNow, openedByItself, openingByItself, unmarkHanded } from './list/handed';

export interface ChatMessage {
  clientId: string;
  /** Null until the server has committed it. */
  seq: number | null;
  sender: Sender;
  /** Sent from this browser in this session. */
  mine: boolean;
  /** Null when the message could not be opened. */
  text: string | null;
  sentAt: string;
  state: 'sending' | 'sent' | 'failed';
  error?: string;
  /** A structured message (code word, CODE_WORD_KIND): acted on, never shown as a chat line. */
  kind?: string;
  /** Staff lines: the member who wrote it, as the server stored it (absent for lines sent from this page). */
  author?: MessageAuthor;
  /** The name its writer gave inside the message (an interpreter's own name). */
  from?: string;
}

/**
 * Where who is writing changed, as this console learnt it: a conversation transferred to this member
 * (`arrived`, from whom), one this member took over, an interpreter joining or leaving.
 */
export type StaffChangeMark = 'arrived' | 'took_over' | 'interpreter_joined' | 'interpreter_left';

/** A line from the program itself in a conversation's log (no content: the server knows only timing). */
export interface ConversationNotice {
  notice: Extract<ServerFrame, { type: 'notice' }>['notice'] | StaffChangeMark;
  /** Inactivity warnings: when the chat closes unless the participant writes. */
  closesAt: string | null;
  /** Shown after the message with this seq (0: before every message), where it arrived. */
  afterSeq: number;
  /** `arrived`: who the conversation came from. */
  name?: string | null;
  /** Staff changes: this member holds it, or joined it, from here. */
  toMe?: boolean;
  /** Staff changes: the name the participant was told (the name participants see of who holds it now, or joined). */
  told?: string;
}

/** What this browser holds for one conversation it works on: keys and decrypted text, memory only. */
interface Held {
  /** The conversation secret and its keys, once the holder (participant's page, or the server for a text) has sealed it to this tab. */
  keys: Promise<OpenedConversation>;
  channel: ConversationSummary['channel'];
  /** The order messages were written in, as their writers say it. */
  order: ConversationOrder;
  /** The server dropped, repeated or reordered a message: said above the transcript. */
  orderWarning: Signal<boolean>;
  messages: Signal<ChatMessage[]>;
  unread: Signal<number>;
  notices: Signal<ConversationNotice[]>;
  /** Frames are opened one after another so the transcript fills in order. */
  chain: Promise<void>;
}

export const summaries = signal<ConversationSummary[]>([]);
export const selectedId = signal<string | null>(null);
/** Short notices for a polite live region (a conversation ended, an answer failed). */
export const notice = signal<string | null>(null);

const held = new Map<string, Held>();
/** A claim this browser sent; the conversation opens when it comes back as ours. */
let claiming: string | null = null;
/** A conversation this browser started (texting a number); it opens when it is listed. */
let starting: string | null = null;
/** A list has come since sign-in: what the first one holds is where the member starts, not news. */
let listedOnce = false;

export const waiting = computed(() =>
  summaries.value.filter((c) => c.status === 'waiting').sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
);
export const mine = computed(() =>
  summaries.value.filter((c) => c.status === 'active' && c.assignedTo?.id === me.value?.id),
);
/** This member's part in a conversation: they hold it, watch it, joined it, or none. */
export function partIn(c: ConversationSummary, myId = me.value?.id): 'hold' | 'watch' | 'join' | null {
  if (c.status !== 'active' || !myId) return null;
  if (c.assignedTo?.id === myId) return 'hold';
  return c.staff?.find((s) => s.id === myId)?.mode ?? null;
}
/** Conversations this supervisor watches or joined. */
export const supervised = computed(() => summaries.value.filter((c) => partIn(c) === 'watch' || partIn(c) === 'join'));
export const selected = computed(() => summaries.value.find((c) => c.id === selectedId.value && partIn(c) !== null) ?? null);

export const messagesOf = (id: string) => held.get(id)?.messages.value ?? [];
export const unreadOf = (id: string) => held.get(id)?.unread.value ?? 0;
export const noticesOf = (id: string) => held.get(id)?.notices.value ?? [];
export const orderWarningOf = (id: string) => held.get(id)?.orderWarning.value ?? false;

/** The whole current list, re-sent on every change. */
export function onQueue(list: ConversationSummary[]): void {
  const myId = me.value?.id;
  const ours = new Set(list.filter((c) => partIn(c, myId) !== null).map((c) => c.id));
  const handed: ConversationSummary[] = [];
  batch(() => {
    for (const id of [...held.keys()]) if (!ours.has(id)) forget(id);
    // Hold (keys, empty transcript) before the list renders, so every listed conversation has its state.
    for (const summary of list) {
      if (!ours.has(summary.id) || held.has(summary.id)) continue;
      send({ type: 'sync', conversationId: summary.id, afterSeq: 0 });
      hold(summary);
      // Came by a transfer (its alert has an Open) or this member's own take-over: not routing's doing.
      const changed = pendingMarks.has(summary.id) || ownChanges.has(summary.id);
      for (const mark of pendingMarks.get(summary.id) ?? []) addNotice(held.get(summary.id)!, { ...mark, closesAt: null, afterSeq: summary.lastSeq });
      pendingMarks.delete(summary.id);
      if (claiming === summary.id || starting === summary.id) {
        if (claiming === summary.id) claiming = null;
        else starting = null;
        selectedId.value = summary.id;
      } else if (listedOnce && !changed && partIn(summary, myId) === 'hold') handed.push(summary);
    }
    summaries.value = list;
    listedOnce = true;
    keepCardLabels(new Set(list.map((c) => c.id)));
    if (handed.length > 0) openHanded(handed);
  });
}

/**
 * Routing handed these to this member: the oldest opens by itself, unless the member is typing or
 * the open one opened by itself and was not touched yet (handed.ts). The rest, or all of them
 * then, are marked New.
 */
function openHanded(handed: ConversationSummary[]): void {
  const oldest = [...handed].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const opens = mayOpenNow(selectedId.value) ? oldest[0]! : null;
  markHanded(oldest.filter((c) => c !== opens).map((c) => c.id));
  if (opens) {
    openingByItself(opens.id);
    select(opens.id);
    notice.value =
      oldest.length > 1
        ? `${oldest.length} new conversations were handed to you: the oldest is open, the others are marked New under Yours.`
        : 'A new conversation was handed to you and is open.';
  } else {
    notice.value = `${oldest.length === 1 ? 'A new conversation was' : `${oldest.length} new conversations were`} handed to you: marked New under Yours, so what you are doing stays on screen.`;
  }
}

/** Holds a conversation just synced: its secret is asked for at once, and its messages wait for it. */
function hold(summary: ConversationSummary): void {
  const keys = openConversationKeys(summary);
  // Failures surface per message; this only stops an unhandled rejection.
  keys.catch(() => {});
  held.set(summary.id, {
    keys,
    channel: summary.channel,
    order: new ConversationOrder(),
    orderWarning: signal(false),
    messages: signal([]),
    unread: signal(0),
    notices: signal([]),
    chain: Promise.resolve(),
  });
}

/** Opens the conversation once the server lists it as ours (after starting to text a number). */
export function selectWhenListed(conversationId: string): void {
  if (held.has(conversationId)) selectedId.value = conversationId;
  else starting = conversationId;
}

/** Forgets a conversation: its keys and every decrypted word leave memory and the page. */
/** Unsent text per conversation, so switching between conversations keeps what was being typed; memory only. */
const drafts = new Map<string, string>();
export const draftOf = (id: string) => drafts.get(id) ?? '';
export function keepDraft(id: string, text: string): void {
  if (text) drafts.set(id, text);
  else drafts.delete(id);
}

function forget(id: string): void {
  drafts.delete(id);
  pendingMarks.delete(id);
  unmarkHanded(id);
  openedByItself.delete(id);
  const entry = held.get(id);
  if (entry) {
    entry.messages.value = [];
    entry.notices.value = [];
  }
  held.delete(id);
  forgetConversationKeys(id);
  dropOutbox(id);
  if (selectedId.value === id) selectedId.value = null;
}

/** After a reconnect: ask for everything after the last message seen in each open conversation. */
export function resync(): void {
  for (const [id, entry] of held) {
    const last = entry.messages.value.reduce((max, m) => Math.max(max, m.seq ?? 0), 0);
    send({ type: 'sync', conversationId: id, afterSeq: last });
  }
}

export function onMessage(frame: MessageFrame): void {
  const entry = held.get(frame.conversationId);
  if (!entry) return;
  entry.chain = entry.chain.then(() => openMessage(entry, frame));
}

async function openMessage(entry: Held, frame: MessageFrame): Promise<void> {
  const existing = entry.messages.value.find((m) => m.clientId === frame.clientId);
  if (existing) {
    // Our own message echoed back (or a repeat after a sync): it is committed.
    settle(frame.clientId);
    if (existing.seq === null) update(entry, frame.clientId, { seq: frame.seq, state: 'sent', sentAt: frame.sentAt });
    return;
  }
  let text: string | null;
  let kind: string | undefined;
  let from: string | undefined;
  try {
    const body = await decryptMessage((await entry.keys).keys, frame.sender, frame.clientId, frame.body);
    ({ text, kind, from } = body);
    if (entry.order.check(frame.clientId, body.order) !== 'ok') entry.orderWarning.value = true;
  } catch {
    text = null;
  }
  if (held.get(frame.conversationId) !== entry) return; // closed while opening
  const message: ChatMessage = {
    clientId: frame.clientId,
    seq: frame.seq,
    sender: frame.sender,
    mine: false,
    text,
    sentAt: frame.sentAt,
    state: 'sent',
    ...(kind === undefined ? {} : { kind }),
    ...(frame.author ? { author: frame.author } : {}),
    ...(from === undefined ? {} : { from }),
  };
  entry.messages.value = insertBySeq(entry.messages.value, message);
  if (frame.sender !== 'staff' && selectedId.value !== frame.conversationId) entry.unread.value++;
}

/** Committed messages in seq order, then those still sending in the order they were written. */
function order(list: ChatMessage[]): ChatMessage[] {
  const committed = list.filter((m) => m.seq !== null).sort((a, b) => a.seq! - b.seq!);
  return [...committed, ...list.filter((m) => m.seq === null)];
}

const insertBySeq = (list: ChatMessage[], message: ChatMessage) => order([...list, message]);

function update(entry: Held, clientId: string, patch: Partial<ChatMessage>): void {
  entry.messages.value = order(entry.messages.value.map((m) => (m.clientId === clientId ? { ...m, ...patch } : m)));
}

/** The program warns that a silent chat will close: shown in that conversation's log where it arrived. */
export function onNotice(frame: Extract<ServerFrame, { type: 'notice' }>): void {
  const entry = held.get(frame.conversationId);
  if (!entry) return;
  // Queued behind the messages being opened, so it lands after the last one the server had sent.
  entry.chain = entry.chain.then(() => {
    const closesAt = frame.notice === 'inactivity_warning' ? frame.closesAt : null;
    const afterSeq = entry.messages.value.reduce((max, m) => Math.max(max, m.seq ?? 0), 0);
    const summary = summaries.value.find((c) => c.id === frame.conversationId);
    const myId = me.value?.id;
    // Whether this member holds or joined it from here, as the list says when the notice arrives.
    // This member's own take-over or join: the server's notice marks the place, in this member's words.
    const own = ownChanges.get(frame.conversationId);
    const told = frame.notice === 'inactivity_warning' ? {} : { told: frame.name };
    if (own && OWN_CHANGE_NOTICE[own] === frame.notice) {
      ownChanges.delete(frame.conversationId);
      addNotice(entry, { notice: own, closesAt: null, afterSeq, toMe: true, ...told });
      return;
    }
    const change =
      frame.notice === 'transferred'
        ? { toMe: summary?.assignedTo?.id === myId }
        : frame.notice === 'supervisor_joined'
          ? { toMe: summary !== undefined && partIn(summary, myId) === 'join' }
          : {};
    addNotice(entry, { notice: frame.notice, closesAt, afterSeq, ...change, ...told });
  });
}

/** A change of who writes, as this console learns it (a transfer's alert, its own take-over, the interpreter's state). */
type StaffChange = Pick<ConversationNotice, 'notice' | 'name' | 'toMe' | 'told'>;
const pendingMarks = new Map<string, StaffChange[]>();
export function markStaffChange(conversationId: string, mark: StaffChange): void {
  const entry = held.get(conversationId);
  // Not opened here yet (a transfer's alert comes before the list names it ours): placed where the list says it stood.
  if (!entry) {
    pendingMarks.set(conversationId, [...(pendingMarks.get(conversationId) ?? []), mark]);
    return;
  }
  const listed = summaries.value.find((c) => c.id === conversationId)?.lastSeq ?? 0;
  entry.chain = entry.chain.then(() => {
    const afterSeq = Math.max(listed, entry.messages.value.reduce((max, m) => Math.max(max, m.seq ?? 0), 0));
    addNotice(entry, { ...mark, closesAt: null, afterSeq });
  });
}

/** What the server's notice says when this member takes over or joins. */
const OWN_CHANGE_NOTICE = { took_over: 'transferred', supervisor_joined: 'supervisor_joined' } as const;
type OwnChange = keyof typeof OWN_CHANGE_NOTICE;
/** Conversations this member is taking over or joining while watching: the server's notice will come. */
const ownChanges = new Map<string, OwnChange>();
/** Before asking the server: a watcher's console gets its notice, one not watching marks the place when it opens. */
export function expectOwnChange(conversationId: string, change: OwnChange): void {
  if (held.has(conversationId)) ownChanges.set(conversationId, change);
  else {
    // The participant is told this member's own name participants see.
    const told = me.value?.participantName;
    markStaffChange(conversationId, { notice: change, toMe: true, ...(told ? { told } : {}) });
  }
}
export function cancelOwnChange(conversationId: string): void {
  ownChanges.delete(conversationId);
  pendingMarks.delete(conversationId);
}

function addNotice(entry: Held, next: ConversationNotice): void {
  // A warning repeats with its close time; a change of staff is one per place in the transcript.
  const repeat = (n: ConversationNotice) =>
    n.notice === next.notice && n.closesAt === next.closesAt && (next.closesAt !== null || n.afterSeq === next.afterSeq);
  if (entry.notices.value.some(repeat)) return;
  entry.notices.value = [...entry.notices.value, next];
}

export function onAck(conversationId: string, clientId: string, seq: number): void {
  const entry = held.get(conversationId);
  if (!entry) return;
  entry.chain = entry.chain.then(() => {
    const message = entry.messages.value.find((m) => m.clientId === clientId);
    if (message && message.seq === null) update(entry, clientId, { seq, state: 'sent' });
  });
}

/** The server refused a message (or a claim): say so next to it instead of retrying forever. */
export function onError(code: string, ref: string | undefined, message: string): boolean {
  if (ref) {
    for (const entry of held.values()) {
      if (!entry.messages.value.some((m) => m.clientId === ref)) continue;
      settle(ref);
      update(entry, ref, { state: 'failed', error: message });
      return true;
    }
  }
  if (claiming && (ref === 'claim' || ref === claiming || code === 'conflict')) {
    claiming = null;
    notice.value = `Could not answer that conversation: ${message}`;
    return true;
  }
  if (ref === 'close') {
    notice.value = `Could not end the conversation: ${message}`;
    return true;
  }
  return false;
}

export function onClosed(conversationId: string, by: 'staff' | 'participant' | 'system'): void {
  const wasOurs = held.has(conversationId);
  const sms = summaries.value.some((c) => c.id === conversationId && c.channel === 'sms');
  // Whoever held it may want to talk it through; a supervisor watching is offered nothing here.
  if (summaries.value.some((c) => c.id === conversationId && partIn(c) === 'hold')) debriefOffered.value = true;
  forgetTransfer(conversationId);
  forget(conversationId);
  summaries.value = summaries.value.filter((c) => c.id !== conversationId);
  if (!wasOurs) return;
  if (by !== 'participant') notice.value = 'The conversation has ended and its messages were cleared.';
  // A texter ends a conversation only with STOP.
  else if (sms) notice.value = 'They texted STOP. The conversation has ended, its messages were cleared, and no more texts can go to this number.';
  else notice.value = 'The participant left. The conversation has ended and its messages were cleared.';
}

export function claim(conversationId: string): boolean {
  claiming = conversationId;
  notice.value = null;
  return send({ type: 'claim', conversationId });
}

export function select(conversationId: string): void {
  selectedId.value = conversationId;
  unmarkHanded(conversationId);
  // What was said about the previous one (it ended, an answer failed) does not sit above this one.
  notice.value = null;
  onOpened(conversationId);
  const entry = held.get(conversationId);
  if (entry) entry.unread.value = 0;
}

export function end(conversationId: string): boolean {
  return send({ type: 'close', conversationId });
}

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter() : null;
export const graphemes = (text: string) => (segmenter ? [...segmenter.segment(text)].length : [...text].length);

/**
 * Encrypts and queues a message; the transcript shows it at once as sending (a structured one,
 * with `kind`, stays hidden). Returns an error to show, if any.
 */
export async function sendText(conversationId: string, raw: string, kind?: string): Promise<string | null> {
  const entry = held.get(conversationId);
  if (!entry) return 'This conversation is no longer open.';
  const text = raw.normalize('NFC');
  if (entry.channel === 'sms') return kind === undefined ? sendSmsText(conversationId, entry, text) : 'This works in web chats only.';
  if (graphemes(text) > MAX_MESSAGE_GRAPHEMES) {
    return `Messages can be at most ${MAX_MESSAGE_GRAPHEMES} characters. Split it into two.`;
  }
  const clientId = crypto.randomUUID();
  let body: string;
  try {
    const { keys } = await entry.keys;
    const order = entry.order.next(clientId);
    // The name participants see goes inside the message: the participant's page labels the line with it, and the server cannot change it.
    const from = me.value?.participantName;
    body = await encryptMessage(keys, 'staff', clientId, { text, order, ...(kind === undefined ? {} : { kind }), ...(from ? { from } : {}) });
  } catch (error) {
    return error instanceof MessageTooLongError ? 'This message is too long to send. Split it into two.' : 'Could not encrypt the message.';
  }
  if (held.get(conversationId) !== entry) return 'This conversation is no longer open.';
  const message: ChatMessage = {
    clientId,
    seq: null,
    sender: 'staff',
    mine: true,
    text,
    sentAt: new Date().toISOString(),
    state: 'sending',
    ...(kind === undefined ? {} : { kind }),
  };
  entry.messages.value = [...entry.messages.value, message];
  sendMessage({ type: 'send', conversationId, clientId, body });
  return null;
}

/**
 * A text to a phone goes through the server's SMS route, not the socket: the server hands it to the
 * provider, stores it sealed, then answers. It is not resent on its own after a failure, so a
 * person's phone never gets the same text twice; the advocate sees it failed and can send again.
 */
async function sendSmsText(conversationId: string, entry: Held, text: string): Promise<string | null> {
  if ([...text].length > SMS_MAX_CHARS) return `Text messages can be at most ${SMS_MAX_CHARS} characters. Split it into two.`;
  const clientId = crypto.randomUUID();
  entry.messages.value = [...entry.messages.value, { clientId, seq: null, sender: 'staff', mine: true, text, sentAt: new Date().toISOString(), state: 'sending' }];
  try {
    const { seq } = await sendSms(conversationId, clientId, text);
    onAck(conversationId, clientId, seq);
  } catch (error) {
    if (held.get(conversationId) === entry) update(entry, clientId, { state: 'failed', error: (error as Error).message });
  }
  return null;
}

export function clearConversations(): void {
  for (const id of [...held.keys()]) forget(id);
  pendingMarks.clear();
  ownChanges.clear();
  keepCardLabels(new Set());
  clearHanded();
  summaries.value = [];
  selectedId.value = null;
  notice.value = null;
  claiming = null;
  starting = null;
  listedOnce = false;
}

