// Bundles the server and the workspace packages it imports (shipped as TypeScript source) into dist/.
// Third-party dependencies stay external and load from node_modules.
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
