/**
 * `npm run hashes` (after `npm run build`): the SHA-256 and SRI value of every page file the server
 * serves as built, for release notes and for a program to check its server against
 * (docs/security.md#checking-what-your-server-serves). Lines read like sha256sum's, plus the SRI value.
 */
import { fileURLToPath } from 'node:url';
import { PARTICIPANT_PAGE, publishedFiles } from './page-hashes';

const root = fileURLToPath(new URL('../', import.meta.url));
const files = publishedFiles(root);
const lines = files.map(({ sha256, sri, url }) => `${sha256}  ${url}  ${sri}`);
process.stdout.write(
  `# sha256  path  sri — every file served as built\n${lines.join('\n')}\n` +
    `# ${PARTICIPANT_PAGE.url} (the participant page) is served with the program's settings written in: check that its\n` +
    `# <script> and <link> tags carry the /assets/ SRI values above instead of hashing the page.\n`,
);
