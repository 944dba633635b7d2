/**
 * Compiles the server to one ES module, apps/server/dist/main.js, with a source map, so production runs
 * plain `node` and no TypeScript tooling. The workspace packages (TypeScript sources) are bundled in;
 * every npm dependency stays an import, resolved from node_modules at run time as before.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
const serverDir = fileURLToPath(new URL('apps/server/', root));
const manifests = ['apps/server', 'packages/protocol', 'packages/crypto'];
const dependencies = new Set<string>();
for (const dir of manifests) {
  const manifest = JSON.parse(await readFile(new URL(`${dir}/package.json`, root), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {})) dependencies.add(name);
}
const bundled = (name: string) => name.startsWith('@lantern/');
const external = [...dependencies].filter((name) => !bundled(name)).flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: [`${serverDir}src/main.ts`],
  outfile: `${serverDir}dist/main.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external,
  sourcemap: true,
  // Paths in the source map relative to the output, so two checkouts in different places build the same bytes.
  sourceRoot: '',
  legalComments: 'none',
  logLevel: 'warning',
});
