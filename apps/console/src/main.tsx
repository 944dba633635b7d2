import { render } from 'preact';
import { App, boot } from './app/App';
import { sessionParts } from './app/session-parts';
import { wireSession } from './shared/session';

wireSession(sessionParts);
render(<App />, document.getElementById('app')!);
boot();
