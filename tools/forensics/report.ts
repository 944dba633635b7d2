import type { AuditReport } from './audit';

/** Human lines, then the one JSON line (no plaintext in either unless `show`). */

const mask = (number: string) => `${'•'.repeat(Math.max(0, number.length - 2))}${number.slice(-2)}`;

export function humanLines(report: AuditReport, show: boolean): string[] {
  const lines = [
    `${report.database}: ${report.rows_read} tuples read from ${report.tables} tables, ${report.dead_rows} of them dead`,
    `${report.files} files (${(report.bytes_scanned / 1048576).toFixed(1)} MB) carved: ${report.carved} distinct base64url/hex runs of 20+ characters`,
    `keys: ${report.staff_keys} staff, ${report.program_keys} program, ${report.server_keys} SMS server, ${report.totp_secrets} TOTP secrets, ${report.conversation_secrets} conversation secrets`,
    `opened ${report.opened}${Object.keys(report.opened_by_kind).length ? ` (${Object.entries(report.opened_by_kind).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}; ` +
      `${report.phone_numbers} phone numbers; ${report.kept_code_words} kept code words; ${report.provider_message_ids} provider message ids; ${report.v2_unopened} v2 blobs left unopened`,
  ];
  const phones = new Map(report.phones.map((p) => [p.number, p.where]));
  for (const [number, place] of phones) lines.push(`  phone ${show ? number : mask(number)} (${place})`);
  if (show) for (const f of report.findings) lines.push(`  ${f.kind} (${f.where}): ${JSON.stringify(f.plaintext)}`);
  return lines;
}

export function jsonLine(report: AuditReport, show: boolean): string {
  const { findings, phones, ...counts } = report;
  return JSON.stringify(show ? { ...counts, findings, phones } : counts);
}
