// Bundles the server and the workspace packages it imports (shipped as TypeScript source) into dist/.
// Third-party dependencies stay external and load from node_modules.
// The SheetJS worker (.xls/.ods parsing off the event loop) is its own entry: @vitrina/ingest starts
// `sheetjs-worker.js` from the folder of the bundle that imports it.
import { build } from 'esbuild'

await build({
  entryPoints: { cli: 'src/cli.ts', 'sheetjs-worker': '../ingest/src/sheetjs-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: '#!/usr/bin/env node' },
  plugins: [
    {
      name: 'external-node-modules',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@vitrina/') ? undefined : { path: args.path, external: true },
        )
      },
    },
  ],
})
