import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
// @ts-expect-error: a plain .mjs build script, without types
import { patchLibmimeCharset } from '../../scripts/libmime-gbk-on-demand.mjs';

/**
 * The bundle's copy of libmime's charset module (scripts/libmime-gbk-on-demand.mjs): it must not
 * build the GBK codec when it loads, and must decode every charset as libmime itself does.
 */
const run = promisify(execFile);
const CHARSET = createRequire(import.meta.url).resolve('libmime/lib/charset');

// In a process of its own, so nothing else has built a codec yet: loads libmime's charset module
// as it is or patched (argv[1]), reports whether loading built GBK, then decodes each sample
// fed one byte at a time (so a double-byte character is always split across chunks) and whole.
const PROBE = `
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const [file, patched] = process.argv.slice(1);
const mod = new Module(file);
mod.filename = file;
mod.paths = Module._nodeModulePaths(path.dirname(file));
mod._compile(patched === '' ? fs.readFileSync(file, 'utf8') : fs.readFileSync(patched, 'utf8'), file);
const iconv = mod.require('iconv-lite');
const builtAtLoad = Object.keys(iconv._codecDataCache).filter((name) => /gbk|cp936/.test(name));
const samples = JSON.parse(process.env.SAMPLES);
const decoded = samples.map(([charset, hex]) => {
  const bytes = Buffer.from(hex, 'hex');
  const stream = mod.exports.createDecodeStream(charset);
  let text = '';
  stream.on('data', (chunk) => { text += chunk; });
  for (const byte of bytes) stream.write(Buffer.from([byte]));
  stream.end();
  return [text, mod.exports.decode(bytes, charset)];
});
process.stdout.write(JSON.stringify({ builtAtLoad, decoded }));
`;

const SAMPLES: [string, string][] = [
  ['gbk', 'c4e3bac3cac0bde7'], // 你好世界
  ['gb18030', '8139ef30c4e3'], // a four-byte GB18030 character, then 你
  ['big5', 'a7daa6d1'],
  ['shift_jis', '82a082a2'],
  ['windows-1252', '80e9'],
  ['utf-16', 'fffe4100e900'],
];

async function probe(patched: string): Promise<{ builtAtLoad: string[]; decoded: [string, string][] }> {
  const { stdout } = await run(process.execPath, ['-e', PROBE, CHARSET, patched], { cwd: ROOT, env: { ...process.env, SAMPLES: JSON.stringify(SAMPLES) } });
  return JSON.parse(stdout) as { builtAtLoad: string[]; decoded: [string, string][] };
}

describe('libmime in the bundle', () => {
  it('builds the GBK codec only when a double-byte stream needs it, and decodes as libmime does', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mailsim-libmime-'));
    try {
      const patchedFile = path.join(dir, 'charset.js');
      await writeFile(patchedFile, patchLibmimeCharset(readFileSync(CHARSET, 'utf8'), CHARSET));
      const [original, patched] = await Promise.all([probe(''), probe(patchedFile)]);
      // libmime as published builds GBK when it loads; the patched copy does not.
      expect(original.builtAtLoad).not.toEqual([]);
      expect(patched.builtAtLoad).toEqual([]);
      expect(patched.decoded).toEqual(original.decoded);
      expect(original.decoded[0]).toEqual(['\u4f60\u597d\u4e16\u754c', '\u4f60\u597d\u4e16\u754c']);
      expect(original.decoded.every(([streamed, whole]) => streamed === whole)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('refuses a libmime whose charset module no longer reads as the plugin expects', () => {
    const text = readFileSync(CHARSET, 'utf8');
    expect(() => patchLibmimeCharset(text.replace("getCodec('gbk')", "getCodec('gb18030')"), 'charset.js')).toThrow(/update the plugin/);
    expect(() => patchLibmimeCharset(`${text}\nif (codec.decoder === DBCS_DECODER) {}`, 'charset.js')).toThrow(/update the plugin/);
  });
});
