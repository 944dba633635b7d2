import { signal } from '@preact/signals';
import { attestMemberKey, exportPublicKey, fingerprint, generateKeyPair, importPublicKey, programKeyContext, sealPrivateKey } from '@lantern/crypto';
import type { StaffMember } from '@lantern/protocol';
import { api } from '../../shared/api';
import { describeError } from '../../shared/common';
import { holdProgramKey, keyVouchedFor } from '../../shared/keys';
import { refreshMe } from '../../shared/session';
import { listMembers } from './staff';
import { rotatedFingerprint, rotationProblem } from '../../shared/state';

/** True while this browser makes and seals a new program key. */
export const rotating = signal(false);
/** Members the last rotation left out: the server lists a key for them that no admin vouched for. */
export const leftOut = signal<string[]>([]);

/**
 * Ends a member's access: the server closes their sessions and sockets at once. Their copy of the
 * program key still opens every conversation of the current epoch, so this browser then starts a
 * new one (DESIGN.md: removing a staff member starts a new epoch).
 */
export async function deactivateMember(member: StaffMember): Promise<void> {
  const { epoch } = await api<{ epoch: number }>('POST', `/api/staff/members/${encodeURIComponent(member.id)}/deactivate`);
  await rotateProgramKey(epoch);
}

/**
 * A new program key pair, its private half sealed in this browser to every active member who
 * holds the current key (this admin included): the server only ever sees the public half and the
 * sealed grants, and refuses unless the grants cover exactly those members. Returns whether it worked; a failure stays
 * on screen (`rotationProblem`) until a retry succeeds.
 */
export async function rotateProgramKey(deactivatedAtEpoch?: number): Promise<boolean> {
  rotating.value = true;
  try {
    const list = await listMembers();
    if (deactivatedAtEpoch !== undefined && list.epoch > deactivatedAtEpoch) {
      // Another admin already started a new epoch after this deactivation: nothing left to do.
      rotationProblem.value = null;
      return true;
    }
    const epoch = list.epoch + 1;
    // Members still waiting for their first grant get the new key the usual way, after a fingerprint check.
    const holders = list.members.filter((member) => member.active && member.granted);
    // Sealed only to keys an admin's browser vouched for at their grant: a key the server swapped in since is left out, loudly.
    const vouched = await Promise.all(holders.map((member) => keyVouchedFor(member.publicKey, member.attestation, list.epoch)));
    const program = await generateKeyPair(true);
    const context = programKeyContext(epoch);
    const grants = await Promise.all(
      holders
        .filter((_member, i) => vouched[i])
        .map(async (member) => ({
          staffId: member.id,
          sealed: await sealPrivateKey(program.privateKey, await importPublicKey(member.publicKey), context),
          attestation: await attestMemberKey(program.privateKey, program.publicKey, epoch, member.publicKey),
        })),
    );
    leftOut.value = holders.filter((_member, i) => !vouched[i]).map((member) => member.displayName);
    const publicKey = await exportPublicKey(program.publicKey);
    await api<null>('POST', '/api/admin/program-keys', { epoch, publicKey, grants });
    // Held at once (extractable: admins seal it to members who join later), so conversations of
    // the new epoch open without waiting for our own grant to come back.
    holdProgramKey(epoch, program.privateKey, publicKey);
    rotatedFingerprint.value = await fingerprint(publicKey);
    rotationProblem.value = null;
    await refreshMe();
    return true;
  } catch (error) {
    rotationProblem.value = describeError(error);
    return false;
  } finally {
    rotating.value = false;
  }
}

/** After a reload, or for another admin: the server says when a deactivation still awaits its new epoch. */
export async function checkRotation(): Promise<void> {
  try {
    const { rotationOwed } = await listMembers();
    if (rotationOwed && !rotationProblem.value && !rotating.value) {
      rotationProblem.value = 'A member was deactivated after the program key was last made.';
    }
  } catch {
    // Only a hint; the Staff screen works without it.
  }
}
