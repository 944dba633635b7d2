import { render } from 'preact';
import { App, boot } from './app/App';

render(<App />, document.getElementById('app')!);
boot();
