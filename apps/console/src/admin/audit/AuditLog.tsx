import { useEffect, useRef, useState } from 'preact/hooks';
import { actionLabel, detailText, noMemberLabel } from './audit-words';
import { dateTimeLabel, timeLabel } from '../../shared/format';
import { loadAudit, type AuditReply } from '../program/program';
import { listMembers } from '../staff/staff';
import { describeError } from '../../shared/common';

/**
 * The hash-chained log of what staff did, and the server's check of the whole chain. A broken
 * chain means someone changed the database behind the program's back: the alert says so first,
 * in words no one can skim past.
 */
export function AuditLog() {
  const [reply, setReply] = useState<AuditReply | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const load = async (focusAlert: boolean) => {
    setBusy(true);
    try {
      const [audit, members] = await Promise.all([loadAudit(), listMembers()]);
      setReply(audit);
      setNames(new Map(members.members.map((m) => [m.id, m.displayName])));
      setCheckedAt(new Date().toISOString());
      setFailure(null);
      if (focusAlert && !audit.verification.ok) requestAnimationFrame(() => alertRef.current?.focus());
    } catch (error) {
      setFailure(describeError(error));
    }
    setBusy(false);
  };

  useEffect(() => {
    void load(false);
  }, []);

  const nameOf = (id: string) => names.get(id) ?? 'a former member';
  const verification = reply?.verification;
  const broken = verification && !verification.ok ? verification : null;

  return (
    <section aria-labelledby="audit-heading" class="card audit">
      <h2 id="audit-heading" tabIndex={-1}>Audit log</h2>
      {broken && (
        <div role="alert" class="tamper-alert" tabIndex={-1} ref={alertRef}>
          <p class="tamper-title">
            The audit log has been tampered with: entry {broken.brokenAt}: {broken.reason ?? 'it does not match its hash'}.
          </p>
          <p>
            Someone changed, removed or reordered rows in the database. Entry {broken.brokenAt} and every entry after it can no
            longer be trusted. Keep a copy of the database as it is now and tell whoever runs the server.
          </p>
        </div>
      )}
      <div class="audit-check">
        <p role="status">
          {verification?.ok && checkedAt && `Verified at ${timeLabel(checkedAt)}: ${verification.entries === 1 ? 'the 1 entry is' : `all ${verification.entries} entries are`} intact.`}
          {busy && ' Checking…'}
        </p>
        <button type="button" onClick={() => void load(true)} disabled={busy}>
          Verify again
        </button>
      </div>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      {reply && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="audit-caption">
          <table>
            <caption id="audit-caption">
              Newest first, the latest {reply.entries.length} of {reply.verification.entries} entries
            </caption>
            <thead>
              <tr>
                <th scope="col">Entry</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {reply.entries.map((entry) => {
                const tampered = broken?.brokenAt !== undefined && entry.seq >= broken.brokenAt;
                return (
                  <tr key={entry.seq} class={tampered ? 'tampered' : undefined}>
                    <td>{entry.seq}</td>
                    <td>
                      <time dateTime={entry.at}>{dateTimeLabel(entry.at)}</time>
                    </td>
                    <td dir="auto">{entry.actorId ? nameOf(entry.actorId) : <span class="muted">{noMemberLabel(entry.action)}</span>}</td>
                    <td>{actionLabel(entry.action)}</td>
                    <td dir="auto">
                      {detailText(entry, nameOf)}
                      {entry.seq === broken?.brokenAt && <strong class="tamper-mark"> Fails verification</strong>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
