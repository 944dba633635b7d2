import type { FastifyBaseLogger } from 'fastify';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { ConversationService } from '../conversations/service';
import type { ServerHeldSecrets } from '../conversations/server-held';
import type { Db } from '../store/db';
import { smsNoticeDefaults } from '../notices/sms-defaults';
import type { ProgramNotices } from '../notices/program-notices';
import { ensureProgram } from '../program/store';
import { programServerKey, pruneExpired } from './store';
import { smsConfigFromEnv } from './config';
import { DeletionSweeper } from './deletions';
import { alwaysOpen, type OpenHours } from './hours';
import { Keywords } from './keywords';
import { loadNoticeOverrides, Notices } from './notices';
import { configuredProviders } from './providers/index';
import type { ProviderName, SmsProvider } from './providers/types';
import { SmsService } from './service';
import { StopList, stopListKey } from './stop-list';
import { newServerKey, Vault } from './vault';

/** How often each node looks for closes it missed, due deletions and expired hashes. */
const TICK_MS = 30_000;

export interface SmsOptions {
  db: Db;
  bus: Bus;
  conversations: ConversationService;
  serverHeld: ServerHeldSecrets;
  programName: string;
  log: FastifyBaseLogger;
  /** The program's hours and status switch; always open when not given. */
  isOpen?: OpenHours;
  audit: AuditLog;
  programNotices?: ProgramNotices;
}

export interface Sms {
  service: SmsService;
  providers: Map<ProviderName, SmsProvider>;
  outbound: boolean;
  /** Runs the cleanup now (closes, deletions, expiry); overlapping calls coalesce. */
  tick(): Promise<void>;
  stop(): void;
}

/** Wires the SMS module when at least one provider is set up; null when none is. */
export async function startSms(options: SmsOptions): Promise<Sms | null> {
  const config = smsConfigFromEnv();
  const providers = configuredProviders(config);
  if (providers.size === 0) return null;
  const vault = new Vault(config.serverKey ?? (await storedServerKey(options.db, options.programName)));
  const overrides = loadNoticeOverrides(config.noticesJson, config.noticesFile);
  const keywordExtras = Object.fromEntries(Object.entries(overrides).map(([language, entry]) => [language, entry.keywords ?? {}]));
  const service = new SmsService({
    db: options.db,
    bus: options.bus,
    conversations: options.conversations,
    providers,
    outboundProvider: config.outboundProvider,
    vault,
    serverHeld: options.serverHeld,
    stopList: new StopList(options.db, stopListKey(config.serverKey, config.stopListKeyFile)),
    notices: new Notices(options.programName, config.languages, smsNoticeDefaults(overrides)),
    programNotices: options.programNotices ?? null,
    keywords: new Keywords(config.languages, keywordExtras),
    isOpen: options.isOpen ?? alwaysOpen,
    audit: options.audit,
    defaultCountryCode: config.defaultCountryCode,
    log: options.log,
  });
  const sweeper = new DeletionSweeper(options.db, providers, vault, options.log);

  let running: Promise<void> | null = null;
  let again = false;
  const tick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await service.afterClose();
        await sweeper.sweep();
        await pruneExpired(options.db);
      } while (again);
    })()
      .catch((error: Error) => options.log.error({ err: { message: error.message } }, 'sms cleanup failed'))
      .finally(() => (running = null));
    return running;
  };
  // Every node hears every close; the claims in the store make the work happen once.
  const unsubscribe = options.bus.subscribe((event) => {
    if (event.kind === 'closed') void tick();
  });
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();

  return {
    service,
    providers,
    outbound: config.outboundProvider !== null,
    tick,
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}

/** Without SERVER_KEY, one key is made once and kept in the program row (weaker: a database copy holds it too). */
async function storedServerKey(db: Db, programName: string): Promise<Buffer> {
  await ensureProgram(db, programName);
  const stored = await programServerKey(db, newServerKey().toString('base64url'));
  if (!stored) throw new Error('the program row is missing');
  return Buffer.from(stored, 'base64url');
}
