import { useEffect, useState } from 'preact/hooks';
import type { PendingInvite } from '@lantern/protocol';
import { dateTimeLabel, roleLabel } from '../../shared/format';
import { loadInvites, pendingInvites, revokeInvite } from './invites';
import { describeError } from '../../shared/common';

/** Invite links nobody has used yet, each until when it works, and a way to withdraw one (a link sent to the wrong person). */
export function PendingInvites() {
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    loadInvites().catch((error: unknown) => setFailure(describeError(error)));
  }, []);
  const list = pendingInvites.value;

  const revoke = async (invite: PendingInvite) => {
    setBusy(invite.id);
    setFailure(null);
    setDone(null);
    try {
      await revokeInvite(invite.id);
      setDone(`Withdrawn: the ${roleLabel(invite.role).toLowerCase()} link made ${dateTimeLabel(invite.createdAt)} no longer works.`);
    } catch (error) {
      setFailure(describeError(error));
      await loadInvites().catch(() => undefined);
    }
    setBusy(null);
  };

  return (
    <section aria-labelledby="pending-invites-heading" class="card">
      <h2 id="pending-invites-heading">Pending invitations</h2>
      {list === null && !failure && <p class="muted">Loading…</p>}
      {list !== null && list.length === 0 && <p class="muted">None: every invite link was used, withdrawn or has expired.</p>}
      {list !== null && list.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Made by</th>
              <th scope="col">Made</th>
              <th scope="col">Works until</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((invite) => (
              <tr key={invite.id}>
                <td>{roleLabel(invite.role)}</td>
                <td dir="auto">{invite.createdBy ?? 'A removed member'}</td>
                <td>{dateTimeLabel(invite.createdAt)}</td>
                <td>{dateTimeLabel(invite.expiresAt)}</td>
                <td>
                  <button
                    type="button"
                    disabled={busy !== null}
                    aria-label={`Withdraw the ${roleLabel(invite.role).toLowerCase()} link made ${dateTimeLabel(invite.createdAt)}`}
                    onClick={() => void revoke(invite)}
                  >
                    Withdraw
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" class="notice">
        {done}
      </p>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
    </section>
  );
}
