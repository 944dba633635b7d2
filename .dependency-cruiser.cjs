/**
 * The import rules `npm test` keeps (docs/architecture.md#layers): `npm run imports` checks them,
 * and tests/import-rules.test.ts shows each one failing on a planted violation
 * (tests/fixtures/import-rules). Paths may sit under any folder, so the fixture tree is held to
 * the same rules as the real one. Type-only imports count: a circle of types is still a circle
 * a reader has to untangle.
 */
const under = (path) => `(^|/)${path}`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circles: in the server, the bench, the console or anything else cruised.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'store-is-the-ground',
      comment:
        'apps/server/src/store holds the connection, the schema, migrations and the dialect; it imports no feature ' +
        '(the process metrics, a leaf, aside). A migration copies the constants it needs: migrations are history.',
      severity: 'error',
      from: { path: under('apps/server/src/store/') },
      to: { path: under('apps/server/src/'), pathNot: [under('apps/server/src/store/'), under('apps/server/src/metrics/instruments\\.ts$')] },
    },
    {
      name: 'console-features-apart',
      comment:
        'A console feature (a folder under apps/console/src) imports only itself and shared/; shared/ imports only shared/. ' +
        'The shell (app/) and the entry (main.tsx) put the features together.',
      severity: 'error',
      from: { path: under('apps/console/src/([^/]+)/'), pathNot: under('apps/console/src/app/') },
      to: { path: under('apps/console/src/'), pathNot: [under('apps/console/src/$2/'), under('apps/console/src/shared/')] },
    },
    {
      name: 'admin-only-as-its-chunk',
      comment: 'Outside admin/, the admin screens are reached only by a dynamic import, so they stay out of the advocate\'s bundle.',
      severity: 'error',
      from: { path: under('apps/console/src/'), pathNot: under('apps/console/src/admin/') },
      to: { path: under('apps/console/src/admin/'), dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
  ],
  options: {
    // TypeScript 7's compiler has no JavaScript API yet; swc parses TypeScript and keeps type-only imports.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '/dist/'] },
    moduleSystems: ['es6'],
  },
};
