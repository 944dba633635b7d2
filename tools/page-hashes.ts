import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface PublishedFile {
  /** The path the server serves it at. */
  url: string;
  /** The built file. */
  file: string;
  sha256: string;
  /** The Subresource Integrity value, as the pages' own script and link tags carry it. */
  sri: string;
}

/** Where each build's files are served (apps/server/src/http/pages.ts). */
const SERVED = [
  { dir: 'apps/chat/dist/assets', url: '/assets/' },
  { dir: 'apps/chat/dist/interpret/assets', url: '/interpret/assets/' },
  { dir: 'apps/chat/dist/about/assets', url: '/about/assets/' },
  { dir: 'apps/console/dist/assets', url: '/staff/assets/' },
];
const PAGES = [
  { file: 'apps/chat/dist/launcher.js', url: '/launcher.js' },
  { file: 'apps/chat/dist/interpret/interpret.html', url: '/interpret' },
  { file: 'apps/console/dist/index.html', url: '/staff/' },
];
/**
 * The participant page's HTML is not served as built: the server writes the program's title,
 * language and settings into it. What can be checked is that it loads exactly these assets.
 */
export const PARTICIPANT_PAGE = { file: 'apps/chat/dist/index.html', url: '/' };

/** Every file the server serves as built, with its SHA-256 and SRI (sha384) values, in a stable order. */
export function publishedFiles(root: string): PublishedFile[] {
  const files = [...PAGES];
  for (const { dir, url } of SERVED) {
    for (const name of readdirSync(join(root, dir)).sort()) {
      if (statSync(join(root, dir, name)).isFile()) files.push({ file: `${dir}/${name}`, url: `${url}${name}` });
    }
  }
  return files.map(({ file, url }) => {
    const bytes = readFileSync(join(root, file));
    return {
      url,
      file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sri: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    };
  });
}

/** Every file under `dir`, as paths relative to it with `/`, sorted: for comparing two builds. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}
