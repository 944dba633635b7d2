import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { fingerprint } from '@lantern/crypto';
import { ApiError } from './api';

let firstScreen = true;

/**
 * A screen's heading. It takes focus when the screen changes (not on the first load),
 * so keyboard and screen reader users start from the new content.
 */
export function ScreenHeading({ children, level = 1 }: { children: ComponentChildren; level?: 1 | 2 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstScreen) firstScreen = false;
    else ref.current?.focus();
  }, []);
  const Tag = level === 1 ? 'h1' : 'h2';
  return (
    <Tag ref={ref} tabIndex={-1} class="screen-heading">
      {children}
    </Tag>
  );
}

const fingerprints = new Map<string, string>();

/** A public key's fingerprint, in groups of four, for reading out loud. */
export function Fingerprint({ publicKey }: { publicKey: string }) {
  const [value, setValue] = useState(fingerprints.get(publicKey) ?? null);
  useEffect(() => {
    let live = true;
    if (!fingerprints.has(publicKey)) {
      void fingerprint(publicKey).then((fp) => {
        fingerprints.set(publicKey, fp);
        if (live) setValue(fp);
      });
    } else setValue(fingerprints.get(publicKey)!);
    return () => {
      live = false;
    };
  }, [publicKey]);
  return <code class="fingerprint">{value ?? '…'}</code>;
}

/** Turns a failure into a sentence for a person, without stack traces or codes. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
    return error.message;
  }
  if (error instanceof Error && ['KeyMismatchError', 'OwnKeyMismatchError', 'WeakKdfError', 'FingerprintMismatchError', 'UnvouchedKeysError'].includes(error.name)) return error.message;
  if (error instanceof Error && error.name === 'OperationError') {
    return 'Your key could not be opened. If this keeps happening, ask an admin.';
  }
  return 'Something went wrong. Try again.';
}
