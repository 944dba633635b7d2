// Loaded with `node --import`: registers itself as a module hook that fails any import of TypeScript
// source or of tsx, so a server that still needs either cannot start.
import { register } from 'node:module';

register(import.meta.url);

export async function resolve(specifier, context, next) {
  if (specifier === 'tsx' || specifier.startsWith('tsx/')) throw new Error(`refused: ${specifier} (TypeScript tooling at run time)`);
  const resolved = await next(specifier, context);
  if (/\.[cm]?tsx?$/.test(new URL(resolved.url).pathname)) throw new Error(`refused: ${resolved.url} (TypeScript source at run time)`);
  return resolved;
}
