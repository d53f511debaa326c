// The CLI as one bundle (plus lazily loaded chunks), written over tsc's dist/cli/main.js by
// `npm run build`. Loading some 300 modules one by one (imapflow alone pulls in pino, socks,
// iconv-lite and more) was most of a short run's time: `mailsim run laptop-phone` took 1.0 s from
// tsc's output and 0.63 s bundled on the 2-core machine. The library (dist/index.js) stays tsc's
// output with its types; only the `mailsim` command is bundled. Usage: node scripts/bundle-cli.mjs [outdir]
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'dist/cli'));

// Chunks are named by their hash: those of an earlier build would otherwise pile up beside these.
rmSync(path.join(outdir, 'chunks'), { recursive: true, force: true });

await build({
  entryPoints: { main: path.join(root, 'src/cli/main.ts') },
  outdir,
  bundle: true,
  // The commands and report writers are imported when used (src/cli/program.ts); splitting keeps
  // them in chunks of their own, so `--version` and `list` still load little.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundled CommonJS dependencies (nodemailer, smtp-server, ...) call require() for Node's modules.
  banner: { js: "import { createRequire as __mailsimCreateRequire } from 'node:module'; const require = __mailsimCreateRequire(import.meta.url);" },
  // The shebang of src/cli/main.ts is kept by esbuild; the file is made executable by the build script.
  legalComments: 'linked',
  logLevel: 'warning',
});
// tsc's source map described the file this bundle replaced.
rmSync(path.join(outdir, 'main.js.map'), { force: true });
