import { leftOut, rotateProgramKey, rotating } from './rotation';
import { rotatedFingerprint, rotationProblem } from '../../shared/state';

/**
 * Shown in the header on every screen until a new program key is made: a deactivated member who
 * kept a copy of the current key could otherwise still open new conversations.
 */
export function RotationWarning() {
  const problem = rotationProblem.value;
  if (!problem) return null;
  return (
    <div role="alert" class="error banner rotation-warning">
      <p>
        <strong>The program key was not rotated.</strong> {problem} Until it is, a deactivated member who kept a copy of the
        current program key could still open new conversations.
      </p>
      <button type="button" class="danger" disabled={rotating.value} onClick={() => void rotateProgramKey()}>
        Rotate now
      </button>
    </div>
  );
}

/**
 * Progress of a rotation, then the new key's fingerprint for colleagues to compare with their own
 * screens. In the header, because "Rotate now" may be pressed from any screen.
 */
export function RotationStatus() {
  const done = !rotating.value && rotatedFingerprint.value;
  return (
    <div role="status" class="rotation-status">
      {rotating.value && <p>Making a new program key and sealing it to every active member…</p>}
      {done && (
        <>
          <p>
            New program key fingerprint: <code class="fingerprint">{rotatedFingerprint.value}</code>. Colleagues’ consoles show
            it from now on.
          </p>
          {leftOut.value.length > 0 && (
            <p role="alert" class="error">
              Not sealed to {leftOut.value.join(', ')}: the server lists a key for them that no admin checked. They now wait for access
              on the Staff screen: compare their fingerprint with them in person before granting it.
            </p>
          )}
          <button type="button" onClick={() => (rotatedFingerprint.value = null)}>
            Dismiss
          </button>
        </>
      )}
    </div>
  );
}
