import { describe, expect, it } from 'vitest';
import { baseSubject } from '../../../src/imap/sort/base-subject.js';
import { asciiCasemap, compareCodePoints, unicodeCasemap } from '../../../src/imap/sort/comparators.js';
import { parseSentDate } from '../../../src/imap/sort/sent-date.js';

describe('base subject (RFC 5256 2.1)', () => {
  it.each([
    ['Hello', 'Hello', false],
    ['Re: Hello', 'Hello', true],
    ['RE: re: Re:Hello', 'Hello', true],
    ['Fwd: Hello', 'Hello', true],
    ['Fw: Hello', 'Hello', true],
    ['re [list]: Hello', 'Hello', true], // subj-refwd may carry a blob before its colon
    ['[list] Re: Hello', 'Hello', true], // *subj-blob subj-refwd
    ['[list] Hello', 'Hello', false], // step 4: a leading blob goes
    ['[list]', '[list]', false], // ... unless nothing would be left
    ['[a] [b] Re: [c] Hello', 'Hello', true],
    ['Hello (fwd)', 'Hello', true], // step 2: trailer
    ['Hello (FWD) (fwd)  ', 'Hello', true],
    ['[Fwd: Hello]', 'Hello', true], // step 6
    ['[fwd: Re: [list] Hello (fwd)]', 'Hello', true], // step 6 then 2-5 again
    ['  Hello\tworld  ', 'Hello world', false], // step 1: whitespace runs
    ['Re:', '', true],
    ['Reply: Hello', 'Reply: Hello', false], // "Reply" is not "re"
    ['Re : Hello', 'Hello', true], // *WSP before the colon
    ['Fwd:Re: Hello', 'Hello', true],
    ['[Fwd: Hello', '[Fwd: Hello', false], // no closing bracket: not a wrapper
    ['Re: [Fwd: Hello]', 'Hello', true],
  ])('%j -> %j', (subject, base, replyOrForward) => {
    expect(baseSubject(subject)).toEqual({ text: base, replyOrForward });
  });
});

describe('comparators', () => {
  it('i;ascii-casemap maps a-z only', () => {
    expect(asciiCasemap('Hello wörld')).toBe('HELLO WöRLD');
  });
  it('i;unicode-casemap maps case and compatibility forms (RFC 5051)', () => {
    expect(unicodeCasemap('wörld')).toBe(unicodeCasemap('WÖRLD'));
    expect(unicodeCasemap('ﬁle')).toBe(unicodeCasemap('FILE')); // the fi ligature decomposes (NFKD)
    expect(unicodeCasemap('ß')).toBe('ß'); // no simple titlecase mapping
  });
  it('compares by code point, not UTF-16 unit', () => {
    expect(compareCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFD').toBe(true); // what a plain comparison would wrongly say
    expect(compareCodePoints('A', 'AB')).toBeLessThan(0);
  });
});

describe('sent date (RFC 5256 2.2)', () => {
  it.each([
    ['Mon, 4 Mar 2024 09:00:00 +0000', Date.UTC(2024, 2, 4, 9)],
    ['4 Mar 2024 09:00 -0700', Date.UTC(2024, 2, 4, 16)],
    ['Mon, 04 Mar 24 09:00:00 GMT', Date.UTC(2024, 2, 4, 9)],
    ['4 Mar 99 01:02:03 EST', Date.UTC(1999, 2, 4, 6, 2, 3)],
    ['Monday, 4 March 2024 09:00:00 +0100', Date.UTC(2024, 2, 4, 8)],
  ])('%j', (value, ms) => {
    expect(parseSentDate(value)).toBe(ms);
  });
  it.each(['', 'yesterday', '32 Mar 2024 09:00 +0000', '4 Foo 2024 09:00 +0000', '4 Mar 2024'])('cannot read %j', (value) => {
    expect(parseSentDate(value)).toBeUndefined();
  });
});
