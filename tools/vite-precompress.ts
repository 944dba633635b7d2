import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What is worth compressing; images and fonts are compressed already (and the pages use none). */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

/**
 * Writes a `.br` and a `.gz` beside every built text asset, at the highest levels (once, at build,
 * so the server spends nothing per request): @fastify/static's `preCompressed` serves them with the
 * matching Content-Encoding. On a 2G link the wire size is the wait before the Exit button.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'lantern:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const assets = join(outDir, 'assets');
      const files = await readdir(assets).catch(() => [] as string[]);
      for (const file of files.filter((f) => COMPRESSIBLE.test(f))) {
        const bytes = await readFile(join(assets, file));
        await writeFile(join(assets, `${file}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }));
        await writeFile(join(assets, `${file}.gz`), gzipSync(bytes, { level: 9 }));
      }
    },
  };
}
