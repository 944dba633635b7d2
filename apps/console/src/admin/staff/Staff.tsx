import { useEffect, useRef, useState } from 'preact/hooks';
import type { InviteCreated, Role, StaffList, StaffMember } from '@lantern/protocol';
import { dateTimeLabel, roleLabel } from '../../shared/format';
import { FINGERPRINT_DIGITS_TO_TYPE, grantAccess, listMembers } from './staff';
import { me } from '../../shared/state';
import { describeError, Fingerprint, ScreenHeading } from '../../shared/common';
import { Deactivate } from './Deactivate';
import { PendingInvites } from './PendingInvites';
import { createInvite, loadInvites } from './invites';

/** New members appear without a push from the server; a light poll keeps the table current. */
const MEMBERS_POLL_MS = 5_000;

function Invite() {
  const [role, setRole] = useState<Role>('advocate');
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const linkInput = useRef<HTMLInputElement>(null);
  const link = invite ? `${location.origin}/staff/#invite=${invite.inviteToken}` : '';

  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setStatus(null);
    try {
      setInvite(await createInvite(role));
      await loadInvites().catch(() => undefined);
    } catch (error) {
      setFailure(describeError(error));
    }
    setBusy(false);
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setStatus('Copied.');
    } catch {
      // No clipboard access (plain http, or a denied permission): select it for a manual copy.
      linkInput.current?.select();
      setStatus('Could not copy automatically. The link is selected: copy it with Ctrl+C or ⌘C.');
    }
  };

  return (
    <section aria-labelledby="invite-heading" class="card">
      <h2 id="invite-heading">Invite someone</h2>
      <form onSubmit={create} class="inline-form">
        <div class="field">
          <label for="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <option value="advocate">Advocate</option>
            <option value="supervisor">Supervisor</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <button type="submit" disabled={busy}>
          Create invite link
        </button>
      </form>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      {invite && (
        <div class="invite">
          <div class="field">
            <label for="invite-link">Invite link</label>
            <div class="with-button">
              <input
                id="invite-link"
                ref={linkInput}
                readOnly
                value={link}
                onFocus={(e) => e.currentTarget.select()}
                aria-describedby="invite-about"
              />
              <button type="button" onClick={() => void copy()}>
                Copy
              </button>
            </div>
          </div>
          <p id="invite-about" class="hint">
            For one {roleLabel(invite.role).toLowerCase()}, usable once, until {dateTimeLabel(invite.expiresAt)}. Send it
            privately. Once they have joined, grant them access below.
          </p>
        </div>
      )}
      <p role="status" class="notice">
        {status}
      </p>
    </section>
  );
}

interface RowProps {
  member: StaffMember;
  epoch: number;
  /** Active members still waiting for a grant: a new key made now is sealed to them too. */
  ungranted: StaffMember[];
  onGranted(): void;
  onDeactivated(): void;
}

function MemberRow({ member, epoch, ungranted, onGranted, onDeactivated }: RowProps) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const grant = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await grantAccess(member.id, member.publicKey, epoch, typed);
      onGranted();
    } catch (error) {
      setFailure(describeError(error));
    }
    setBusy(false);
  };
  let access;
  if (!member.active) access = <span>None</span>;
  else if (member.granted) access = <span>Has access</span>;
  else {
    const fieldId = `fingerprint-${member.id}`;
    access = (
      <form class="grant" onSubmit={(event) => void grant(event)}>
        <span>
          Fingerprint here <Fingerprint publicKey={member.publicKey} />
        </span>
        <label for={fieldId}>
          The first {FINGERPRINT_DIGITS_TO_TYPE / 4} groups {member.displayName} reads out from their screen
        </label>
        <input
          id={fieldId}
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
          autocomplete="off"
          spellcheck={false}
          inputMode="text"
          placeholder="0000 0000 0000 0000"
          required
        />
        <button type="submit" disabled={busy}>
          Grant access to {member.displayName}
        </button>
        {failure && (
          <p role="alert" class="error">
            {failure}
          </p>
        )}
      </form>
    );
  }
  const isSelf = member.id === me.value?.id;
  return (
    <tr class={member.active ? undefined : 'inactive'}>
      <th scope="row" dir="auto">
        {member.displayName}
        {isSelf && <span class="muted"> (you)</span>}
      </th>
      <td>{member.username}</td>
      <td>{roleLabel(member.role)}</td>
      <td>{access}</td>
      <td>
        {!member.active && <span class="deactivated">Deactivated</span>}
        {member.active && !isSelf && (
          <Deactivate member={member} alsoSealedTo={ungranted.filter((m) => m.id !== member.id)} onDone={onDeactivated} />
        )}
      </td>
    </tr>
  );
}

function Members() {
  const [list, setList] = useState<StaffList | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = async () => {
    try {
      setList(await listMembers());
      setFailure(null);
    } catch (error) {
      setFailure(describeError(error));
    }
  };

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), MEMBERS_POLL_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <section aria-labelledby="members-heading" class="card">
      <h2 id="members-heading">Members</h2>
      <p>
        A new member can open conversations only once an admin grants them the program key. Ask them to read out
        the fingerprint on their screen, in person or on a call, and type its first groups: access is granted only
        if they match the key listed here.
      </p>
      <p>
        Deactivating someone ends their access at once, and your browser then makes a new program key for everyone
        else, so the copy they held cannot open new conversations.
      </p>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      {list && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Program key</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {list.members.map((m) => (
              <MemberRow
                key={m.id}
                member={m}
                epoch={list.epoch}
                ungranted={list.members.filter((other) => other.active && !other.granted)}
                onGranted={() => {
                  setStatus(`Access granted to ${m.displayName}.`);
                  void load();
                }}
                onDeactivated={() => {
                  setStatus(`${m.displayName} was deactivated.`);
                  void load();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      <p role="status" class="notice">
        {status}
      </p>
    </section>
  );
}

export function Staff() {
  return (
    <div class="staff">
      <ScreenHeading>Staff</ScreenHeading>
      <Invite />
      <PendingInvites />
      <Members />
    </div>
  );
}
