import type { SmtpCommand, SmtpContext } from '../command.js';
import { reply } from '../reply.js';

/**
 * EHLO and HELO (RFC 5321 4.1.1.1): the client names itself; the reply lists the extensions
 * (EHLO only). Either resets the mail transaction (4.1.4), not a login.
 */
function hello(verb: 'EHLO' | 'HELO', ctx: SmtpContext, args: string): void {
  const name = args.trim();
  if (name === '' || /\s/.test(name)) return ctx.refuse(reply(501, '5.5.4', `Error: Syntax: ${verb} hostname`));
  const user = ctx.state.kind === 'greeted' ? ctx.state.user : undefined;
  ctx.dropTransaction();
  ctx.setState({ kind: 'greeted', name: name.toLowerCase(), extended: verb === 'EHLO', user });
  const greeting = `${ctx.host.hostname} Nice to meet you, [${ctx.remoteAddress || 'unknown'}]`;
  if (verb === 'HELO') return ctx.send(reply(250, undefined, greeting));
  const keywords = ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', 'CHUNKING'];
  // Where logins wait for TLS, AUTH is not offered before it (RFC 4954 4: no plaintext password
  // without protection), as Postfix with smtpd_tls_auth_only = yes ("do not announce or accept
  // SASL authentication over unencrypted connections", postconf(5)); asked anyway, it gets 538.
  if (user === undefined && !(ctx.tls?.required && !ctx.secure)) keywords.push('AUTH PLAIN LOGIN');
  if (ctx.tls && !ctx.secure) keywords.push('STARTTLS');
  keywords.push(`SIZE ${ctx.host.maxMessageSize}`);
  ctx.send(reply(250, undefined, greeting, ...keywords));
}

export const ehlo: SmtpCommand = { name: 'EHLO', beforeHello: true, handle: (ctx, args) => hello('EHLO', ctx, args) };
export const helo: SmtpCommand = { name: 'HELO', beforeHello: true, handle: (ctx, args) => hello('HELO', ctx, args) };
