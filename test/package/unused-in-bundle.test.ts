import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without types
import { unusedInBundle } from '../../scripts/unused-in-bundle.mjs';

/**
 * What scripts/unused-in-bundle.mjs puts in the bundle instead of pino, socks and nodemailer's
 * HTTP client: imports still resolve, and a call says what was left out and what reached it.
 */
async function bundled(source: string): Promise<Record<string, () => unknown>> {
  const result = await build({ stdin: { contents: source, resolveDir: process.cwd() }, bundle: true, write: false, format: 'cjs', platform: 'node', plugins: [unusedInBundle], logLevel: 'silent' });
  const module = { exports: {} as Record<string, () => unknown> };
  new Script(`(function (module, exports, require) {${result.outputFiles[0]!.text}\n})`).runInThisContext()(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

describe('dependencies left out of the bundle', () => {
  it('pino and socks import as before and throw, naming what was left out, when called', async () => {
    const stubs = await bundled("import pino from 'pino'; import { SocksClient } from 'socks'; export const logger = () => pino({ level: 'info' }); export const proxy = () => SocksClient.createConnection({}); export const kinds = () => [typeof pino, typeof SocksClient.createConnection];");
    expect(stubs.kinds!()).toEqual(['function', 'function']);
    expect(() => stubs.logger!()).toThrow("mailsim's bundle leaves pino out (scripts/unused-in-bundle.mjs), but imapflow was given no logger");
    expect(() => stubs.proxy!()).toThrow("mailsim's bundle leaves socks out (scripts/unused-in-bundle.mjs), but imapflow was asked for a proxy");
  });

  it("nodemailer's fetch is replaced the same way, and the rest of nodemailer is bundled", async () => {
    const exports = await bundled("import nmfetch from 'nodemailer/lib/fetch/index.js'; import nodemailer from 'nodemailer'; export const get = () => nmfetch('https://example.com/a.png'); export const transport = () => typeof nodemailer.createTransport;");
    expect(() => exports.get!()).toThrow("mailsim's bundle leaves nodemailer's fetch out (scripts/unused-in-bundle.mjs), but nodemailer was asked to fetch https://example.com/a.png");
    expect(exports.transport!()).toBe('function');
  });

  it('leaves every other package to esbuild', async () => {
    const exports = await bundled("import { z } from 'zod'; export const parsed = () => z.string().parse('kept');");
    expect(exports.parsed!()).toBe('kept');
  });
});
