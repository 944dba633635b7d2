import { fingerprint } from '@lantern/crypto';

/*
 * The program's own website can pin the program key: its launcher snippet (or a plain link) opens
 * this page with `#key=<fingerprint>`. A fragment never reaches a server, so the host cannot
 * change the pin it is checked against; a key the host swapped in is refused before anything is
 * sealed to it. Read once at load (main.ts) and removed from the address bar and history.
 */

const hexOnly = (text: string) => text.toLowerCase().replace(/[^0-9a-f]/g, '');

let pinned: string | null = null;

export function pinFromAddress(): void {
  const hash = location.hash;
  if (!hash) return;
  history.replaceState(history.state, '', location.pathname + location.search);
  const match = /(?:^#|&)key=([^&]*)/.exec(hash);
  if (!match) return;
  const pin = hexOnly(decodeURIComponent(match[1]!));
  // A fragment that names a key unreadably matches none: refusing is safer than not checking.
  pinned = pin.length === 32 ? pin : 'unreadable';
}

/** Whether a program public key may be used: any key when nothing is pinned, else only the pinned one. */
export async function programKeyAllowed(publicKey: string): Promise<boolean> {
  return pinned === null || hexOnly(await fingerprint(publicKey)) === pinned;
}
