import { signal } from '@preact/signals';
import { loadProgram } from '../shared/session';
import { screen } from '../shared/state';
import { describeError } from '../shared/common';
import { Main } from './Main';
import { Join, Setup } from '../account/Setup';
import { SignIn } from '../account/SignIn';

const loadError = signal<string | null>(null);

/** Asks the server which program this is and whether it is set up, then shows the first screen. */
export function boot(): void {
  loadError.value = null;
  loadProgram().catch((error: unknown) => {
    loadError.value = describeError(error);
  });
}

function Loading() {
  if (!loadError.value) {
    return (
      <main class="narrow">
        <p role="status">Loading…</p>
      </main>
    );
  }
  return (
    <main class="narrow">
      <h1>Lantern</h1>
      <p role="alert" class="error">
        {loadError.value}
      </p>
      <button type="button" onClick={boot}>
        Try again
      </button>
    </main>
  );
}

export function App() {
  switch (screen.value) {
    case 'setup':
      return <Setup />;
    case 'join':
      return <Join />;
    case 'signin':
      return <SignIn />;
    case 'main':
      return <Main />;
    default:
      return <Loading />;
  }
}
