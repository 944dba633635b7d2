import { renderSVG } from 'uqr';
import { useMemo } from 'preact/hooks';
import { groupedSecret, totpUri } from './two-factor';
import { program } from '../shared/state';

interface Props {
  secret: string;
  username: string;
}

/** The enrolment step: a QR code for the authenticator app, and the same secret as text for typing in. */
export function TotpEnrolment({ secret, username }: Props) {
  const issuer = program.value?.name ?? 'Lantern';
  const uri = totpUri(secret, issuer, username);
  // uqr returns a self-contained SVG string of rects and a path: no script, no outside reference.
  const svg = useMemo(() => renderSVG(uri, { pixelSize: 4 }), [uri]);
  return (
    <fieldset class="two-factor">
      <legend>Two-factor sign-in</legend>
      <p>
        Every sign-in asks for a code from an authenticator app on your phone (such as Aegis, FreeOTP, Google or
        Microsoft Authenticator). Scan this code with the app:
      </p>
      <div class="qr" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: svg }} />
      <p>
        Or add an account by hand with this key (time-based):{' '}
        <code class="totp-secret" data-secret={secret}>
          {groupedSecret(secret)}
        </code>
      </p>
    </fieldset>
  );
}
