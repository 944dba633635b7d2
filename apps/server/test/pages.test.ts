import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatPageConfig, configFromEnv } from '../src/config';
import { participantHtml } from '../src/http/pages';
import { testConfig } from './support/server';

const template = readFileSync(new URL('../../chat/index.html', import.meta.url), 'utf8');

/** What a browser would read: the title's text and the config script's JSON. */
function read(html: string) {
  const titles = [...html.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!);
  const scripts = [...html.matchAll(/<script type="application\/json" id="lantern-config">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const unescape = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  return { titles: titles.map(unescape), configs: scripts.map((text) => JSON.parse(text) as Record<string, unknown>) };
}

const HOSTILE = [
  '$` $& $\' $$ $1',
  '</title><script>alert(1)</script>',
  '</script><script>alert(1)</script><!--',
  '<!-- ]]> & "quoted" \'single\'',
  'سلام $& 你好 \u2028\u2029',
];

describe('the participant page takes the program settings as text', () => {
  for (const hostile of HOSTILE) {
    it(`keeps title, alternatives and exit address whole: ${JSON.stringify(hostile)}`, () => {
      const chat = chatPageConfig(
        testConfig({
          chatTitle: hostile,
          alternatives: [{ label: hostile, value: `1-800-555-0100 ${hostile}` }],
          exitUrl: new URL(`https://example.org/weather?q=${encodeURIComponent(hostile)}&x=${hostile}`).href,
        }),
      );
      const html = participantHtml(template, chat)!;
      const { titles, configs } = read(html);
      expect(titles).toEqual([hostile]);
      expect(configs).toHaveLength(1);
      expect(configs[0]).toEqual({ title: chat.title, exitUrl: chat.exitUrl, alternatives: chat.alternatives, languages: chat.languages, resume: chat.resume });
      // Nothing of the page was copied or lost around the insertions.
      expect(html.match(/<script/g)).toHaveLength(2);
      expect(html.endsWith(template.slice(template.indexOf('<link rel="stylesheet"')))).toBe(true);
    });
  }

  it('refuses an exit address that is not a web page', () => {
    for (const exit of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd']) {
      expect(() => configFromEnv({ EXIT_URL: exit })).toThrow(/EXIT_URL/);
    }
  });
});
