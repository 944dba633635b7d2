import { readFileSync } from 'node:fs';

export interface Fixtures {
  messages: Array<{ lang: string; dir: string; text: string }>;
  hostile: string[];
}

/** The shared test sentences live beside the repository (`../shared`), or where LANTERN_SHARED points. */
const SHARED = process.env.LANTERN_SHARED ? new URL(`file://${process.env.LANTERN_SHARED.replace(/\/?$/, '/')}`) : new URL('../../../shared/', import.meta.url);

export function loadFixtures(): Fixtures {
  const path = new URL('fixtures/multiscript.json', SHARED);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Fixtures;
  } catch (error) {
    throw new Error(`cannot read ${path.pathname}: clone the repository beside shared/, or set LANTERN_SHARED (${(error as Error).message})`);
  }
}
