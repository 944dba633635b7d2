import { programFingerprint } from '../../shared/state';

/**
 * What the program copies to its own website: the launcher, pinned to the program key this browser
 * opened and checked. The chat page it opens refuses any other key, so a server that swapped the key
 * could not make participants who came through the website seal their chats to it.
 */
export function EmbedSnippet() {
  const fingerprint = programFingerprint.value;
  if (!fingerprint) return null;
  const key = fingerprint.replace(/\s/g, '');
  const snippet = `<script src="/js/chat-launcher.js" data-chat="${location.origin}/" data-key="${key}" data-label="Chat with us" defer></script>`;
  return (
    <section aria-labelledby="embed-heading" class="card">
      <h2 id="embed-heading">Put the chat on your website</h2>
      <p>
        Copy <code>launcher.js</code> (at <code>{location.origin}/launcher.js</code>) to your own website as{' '}
        <code>/js/chat-launcher.js</code>, list your site in <code>EMBED_ORIGINS</code>, and add this line to its pages. It carries the
        program key fingerprint: the chat opened from your site refuses any other key. Change the line after every key rotation (the new
        fingerprint shows here).
      </p>
      <label for="embed-snippet">Launcher line for your website</label>
      <textarea id="embed-snippet" readOnly rows={3} value={snippet} onFocus={(e) => e.currentTarget.select()} />
    </section>
  );
}
