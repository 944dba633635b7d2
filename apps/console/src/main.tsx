import { render } from 'preact';
import { App, boot } from './components/App';

render(<App />, document.getElementById('app')!);
boot();
