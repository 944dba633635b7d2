import { describe, expect, it } from 'vitest';
import { ar } from '../../chat/src/i18n/ar';
import { en, type Messages } from '../../chat/src/i18n/en';
import { format } from '../../chat/src/i18n/format';
import { fr } from '../../chat/src/i18n/fr';
import { aboutPage, type AboutFacts } from '../src/notices/about-page';

const FACTS: AboutFacts = {
  language: 'en',
  title: 'Chat',
  retentionDays: 0,
  smsProviders: [],
  rights: 'Your rights.',
  chatPath: '/',
  exitUrl: 'https://example.org/weather?q=a&b=</script>',
  assets: '<script type="module" src="/about/assets/about.js"></script>',
};

/** The about page's quick exit says what the participant page says, in each language. */
describe.each([
  ['en', en],
  ['fr', fr],
  ['ar', ar],
] as Array<[string, Messages]>)('/about-this-chat in %s', (language, catalog) => {
  const html = aboutPage({ ...FACTS, language });
  const config = JSON.parse(/<script type="application\/json" id="about-config">([^<]*)<\/script>/.exec(html)![1]!) as Record<string, unknown>;

  it('counts down and leaves in the words of the participant page', () => {
    expect(config.pressMore).toEqual([1, 2].map((remaining) => format(language, catalog.exitPressMore, { remaining })));
    expect(config.leaving).toBe(catalog.exitLeaving);
    expect(html).toContain(`<a class="exit" href="/bye">${catalog.exit}</a>`);
  });

  it('carries the exit address as inert JSON, and the built assets', () => {
    expect(config.exitUrl).toBe(FACTS.exitUrl);
    // The address's own "</script>" did not close the element: only the config's and the asset's end tags.
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain(FACTS.assets);
  });
});
