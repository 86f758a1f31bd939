// Bundles the server and the workspace packages it imports (shipped as TypeScript source) into dist/.
// Third-party dependencies stay external and load from node_modules.
import { copyFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

await build({
  entryPoints: { cli: 'src/cli.ts' },
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

// Bundled code reads these with `new URL('./x.sql', import.meta.url)`, which now points into dist/.
const runtimeSql = path.resolve(import.meta.dirname, '../pipeline/src/bank')
for (const file of readdirSync(runtimeSql).filter((f) => f.endsWith('.sql'))) {
  copyFileSync(path.join(runtimeSql, file), path.join('dist', file))
}
