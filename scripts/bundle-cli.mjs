// The `mailsim` command as two files, written over tsc's dist/cli/main.js by `npm run build`:
// - command-line.cjs, the whole CLI (src/cli/command-line.ts and everything it imports, the
//   dependencies included) as one CommonJS bundle. Loading some 300 modules one by one (imapflow
//   alone pulls in pino, socks, iconv-lite and more) was most of a short run's time: `mailsim run
//   laptop-phone` took 1.0 s from tsc's output and 0.63 s bundled on the 2-core machine. CommonJS,
//   not ES modules, because only a script can have a V8 code cache on Node 20
//   (src/cli/load-bundled-command-line.ts says why and how).
// - main.js, the entry point: src/cli/main.ts, which answers `--version` itself and otherwise
//   loads the bundle through the code cache.
// The library (dist/index.js) stays tsc's output with its types; only the command is bundled.
// Usage: node scripts/bundle-cli.mjs [outdir]
import { build } from 'esbuild';
import { libmimeGbkOnDemand } from './libmime-gbk-on-demand.mjs';
import { unusedInBundle } from './unused-in-bundle.mjs';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'dist/cli'));

// What earlier builds left: the chunks of the split ES-module bundle, and code caches made for
// another bundle (named by its hash, they would never be read again).
rmSync(path.join(outdir, 'chunks'), { recursive: true, force: true });
rmSync(path.join(outdir, 'compile-cache'), { recursive: true, force: true });

const bundle = path.join(outdir, 'command-line.cjs');
await build({
  entryPoints: [path.join(root, 'src/cli/command-line.ts')],
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The loader hands the bundle's own file: URL in, for the modules that find files beside them.
  define: { 'import.meta.url': '__mailsimBundleUrl' },
  plugins: [
    libmimeGbkOnDemand,
    unusedInBundle,
    {
      // string-width and wrap-ansi loaded when first needed (src/text/wide-text.ts says why).
      name: 'wide-text-on-demand',
      setup(b) {
        b.onResolve({ filter: /^\.\/wide-text\.js$/ }, () => ({ path: path.join(root, 'src/text/wide-text-on-demand.ts') }));
      },
    },
  ],
  // ES modules are strict; so is the function the loader wraps this bundle in.
  banner: { js: "'use strict';" },
  legalComments: 'linked',
  logLevel: 'warning',
});
// esbuild escapes non-ASCII characters in strings and regular expressions; what is left is in
// comments (iconv-lite's tables name their characters). Escaped too (each UTF-16 unit, so an
// astral character keeps both halves), the file is ASCII and the loader can read it as latin1,
// which is four times faster than decoding UTF-8. U+2028 and U+2029 end a line comment in
// JavaScript: escaped, they would no longer, so a bundle holding one is refused instead.
const text = readFileSync(bundle, 'utf8');
if (/[\u2028\u2029]/.test(text)) throw new Error(`${bundle} holds a raw U+2028 or U+2029, which only a comment can (esbuild escapes them elsewhere), and escaping it there would change the code`);
const source = text.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(bundle, source);
const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);

await build({
  entryPoints: { main: path.join(root, 'src/cli/main.ts') },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  define: { MAILSIM_BUNDLE_HASH: JSON.stringify(hash) },
  plugins: [
    {
      name: 'load-the-bundle',
      setup(b) {
        b.onResolve({ filter: /^\.\/load-command-line\.js$/ }, () => ({ path: path.join(root, 'src/cli/load-bundled-command-line.ts') }));
      },
    },
  ],
  // The shebang of src/cli/main.ts is kept by esbuild; the file is made executable by the build script.
  logLevel: 'warning',
});
// tsc's source map described the file this bundle replaced.
rmSync(path.join(outdir, 'main.js.map'), { force: true });
