import type { Migration, MigrationProvider } from 'kysely/migration';
import { spine } from './0001_spine';
import { sms } from './0002_sms';
import { sweeps } from './0003_sweeps';
import { programStatus } from './0004_program_status';
import { audit } from './0005_audit';
import { rotationOwed } from './0006_rotation_owed';
import { twoFactor } from './0007_two_factor';
import { statistics } from './0008_statistics';
import { notices } from './0009_notices';
import { routing } from './0010_routing';
import { transfers } from './0011_transfers';
import { interpreters } from './0012_interpreters';
import { codeWordsAndCanned } from './0013_code_words_and_canned';
import { auditHours } from './0014_audit_hours';
import { codeWordChecks } from './0015_code_word_checks';
import { protocolV2 } from './0016_protocol_v2';
import { participantNames } from './0017_participant_names';

/* Migrations are code, not files found at run time, so the server finds them all however it runs.
   Add one file per migration and one line here; names sort in the order they run. */
const migrations: Record<string, Migration> = {
  '0001_spine': spine,
  '0002_sms': sms,
  '0003_sweeps': sweeps,
  '0004_program_status': programStatus,
  '0005_audit': audit,
  '0006_rotation_owed': rotationOwed,
  '0007_two_factor': twoFactor,
  '0008_statistics': statistics,
  '0009_notices': notices,
  '0010_routing': routing,
  '0011_transfers': transfers,
  '0012_interpreters': interpreters,
  '0013_code_words_and_canned': codeWordsAndCanned,
  '0014_audit_hours': auditHours,
  '0015_code_word_checks': codeWordChecks,
  '0016_protocol_v2': protocolV2,
  '0017_participant_names': participantNames,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };
