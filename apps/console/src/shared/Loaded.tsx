import { useEffect, useState } from 'preact/hooks';
import { describeError } from './common';

/** What a screen loads as it opens: the value once it came, or why it did not; `reload` tries again. */
export function useLoaded<T>(load: () => Promise<T>) {
  const [value, setValue] = useState<T | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const reload = () => {
    setFailure(null);
    load()
      .then(setValue)
      .catch((error: unknown) => setFailure(describeError(error)));
  };
  useEffect(reload, []);
  return { value, setValue, failure, reload };
}

/** Until the value is there: why the load failed, with a way to try again, or that it is loading. */
export function LoadState({ loaded, failure, reload }: { loaded: boolean; failure: string | null; reload(): void }) {
  if (failure) {
    return (
      <div class="card">
        <p role="alert" class="error">
          {failure}
        </p>
        <button type="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  return loaded ? null : <p role="status">Loading…</p>;
}
