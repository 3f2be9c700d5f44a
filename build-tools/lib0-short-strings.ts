// A build-time change to lib0 0.2 (issue 11: the document's load). Yjs reads every string of a
// stored update (each map key, each value of an entry's fields and timeline events) with lib0's
// `readVarString`, which makes a Uint8Array view and calls TextDecoder for each: millions of calls
// into the browser for strings of a few bytes. A profile of the 50,000-entry board's load at CPU ×4
// put 2.8 s of the 7.8 s its main thread was busy there. Here a string of up to SHORT_BYTES bytes
// made only of 1–3 byte UTF-8 sequences (ASCII, Chinese) is decoded in JavaScript (three times as
// fast in Chromium), and one seen lately is given back as the same string, not a new one: a
// document repeats its keys, event types, names and dates hundreds of thousands of times. Longer
// strings stay with TextDecoder: decoded here, every value's text counted in the JS heap (17 MB
// more at 50,000 entries: TextDecoder's strings seem to keep theirs outside it) and the collections
// were longer (bench/board-issue-11.md, thirtieth step). Anything else (a 4-byte sequence, any
// malformed byte, a length past the end) goes to TextDecoder as before, so what is decoded, and
// what throws, is unchanged. The build fails if the code is not found (a lib0 upgrade): see then
// whether lib0 still needs it.
import { dependencyPatch, replaceOnce } from './dependency-patch.ts';

const DECODING = /[\\/]node_modules[\\/]lib0[\\/]decoding\.js$/;

export const FROM = `export const _readVarStringNative = decoder =>
  /** @type any */ (string.utf8TextDecoder).decode(readVarUint8Array(decoder))`;

/** Longest string (in bytes) decoded in JavaScript: past it, TextDecoder's fixed cost is worth paying. */
export const SHORT_BYTES = 24;
/** Slots of the table of strings decoded lately (a power of two). */
const CACHE_SLOTS = 4096;

const TO = `export const _readVarStringNative = decoder => {
  const len = readVarUint(decoder)
  const short = len <= ${SHORT_BYTES} ? yxShortUtf8(decoder.arr, decoder.pos, len) : null
  if (short === null) return /** @type any */ (string.utf8TextDecoder).decode(readUint8Array(decoder, len))
  decoder.pos += len
  return short
}

/** Code units of the last short string (reused: no array made per string). */
const yxUnits = []
/**
 * Strings decoded lately, by a hash of their code units: a document repeats the same short strings
 * (map keys, event types, names, dates) hundreds of thousands of times, and one string shared by all
 * of them is memory and collector work saved.
 */
const yxSeen = new Array(${CACHE_SLOTS}).fill('')

/**
 * The string that \`len\` bytes of \`arr\` from \`begin\` encode, when they are in range and only well-formed
 * 1–3 byte UTF-8 sequences; else null (TextDecoder then decodes them, or throws, as before).
 */
const yxShortUtf8 = (arr, begin, len) => {
  const end = begin + len
  if (end > arr.length) return null
  let n = 0
  let hash = len
  for (let i = begin; i < end;) {
    const b0 = arr[i]
    let c
    if (b0 < 0x80) {
      c = b0
      i += 1
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      if (i + 1 >= end) return null
      const b1 = arr[i + 1]
      if ((b1 & 0xc0) !== 0x80) return null
      c = ((b0 & 0x1f) << 6) | (b1 & 0x3f)
      i += 2
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      if (i + 2 >= end) return null
      const b1 = arr[i + 1]
      const b2 = arr[i + 2]
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) return null
      c = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f)
      // Overlong forms and surrogates are malformed: TextDecoder throws for them.
      if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) return null
      i += 3
    } else return null
    yxUnits[n++] = c
    hash = Math.imul(hash ^ c, 0x01000193)
  }
  const slot = (hash ^ (hash >>> 15)) & ${CACHE_SLOTS - 1}
  const seen = yxSeen[slot]
  if (seen.length === n) {
    let k = 0
    while (k < n && seen.charCodeAt(k) === yxUnits[k]) k++
    if (k === n) return seen
  }
  yxUnits.length = n
  return (yxSeen[slot] = String.fromCharCode.apply(null, yxUnits))
}`;

/** lib0's decoding module with short strings decoded in JavaScript; throws when the code is not there once. */
export const shortStrings = (code: string): string => replaceOnce(code, FROM, TO, 'lib0-short-strings: _readVarStringNative is not as expected (lib0 upgraded?)');

export const lib0ShortStrings = () => dependencyPatch('lib0-short-strings', DECODING, shortStrings);
