// An esbuild plugin for scripts/bundle-cli.mjs. libmime's charset module builds iconv-lite's
// whole GBK codec when it loads (`const DBCS_DECODER = iconv.getCodec('gbk').decoder`): about
// 30 ms of every `mailsim run` on the 2-core machine, only to compare another codec's decoder with
// it when a stream decodes a double-byte charset. In the bundle the decoder is looked up the first
// time one is compared instead: the same comparison, paid by the first message that needs it.
// Both copies of libmime (imapflow's ES module and the CommonJS one src/mime imports) must say it
// exactly as expected, or the build stops rather than bundle an unpatched or half-patched copy.
import { readFileSync } from 'node:fs';

const DEFINITION = /^const DBCS_DECODER = ([\w.]+)\.getCodec\('gbk'\)\.decoder;$/m;
const USE = 'codec.decoder === DBCS_DECODER';

/** libmime's charset.js with the GBK decoder looked up on first use; throws if the source is not as expected. */
export function patchLibmimeCharset(text, file) {
  const found = DEFINITION.exec(text);
  if (!found || text.split(USE).length !== 2 || text.split('DBCS_DECODER').length !== 3) {
    throw new Error(`${file}: libmime no longer defines and uses DBCS_DECODER as scripts/libmime-gbk-on-demand.mjs expects; update the plugin or drop it`);
  }
  return text
    .replace(DEFINITION, `let DBCS_DECODER;\nconst dbcsDecoder = () => (DBCS_DECODER ??= ${found[1]}.getCodec('gbk').decoder);`)
    .replace(USE, 'codec.decoder === dbcsDecoder()');
}

export const libmimeGbkOnDemand = {
  name: 'libmime-gbk-on-demand',
  setup(build) {
    build.onLoad({ filter: /[\\/]libmime[\\/]dist[\\/](esm|cjs)[\\/]charset\.js$/ }, (args) => ({
      contents: patchLibmimeCharset(readFileSync(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
  },
};
