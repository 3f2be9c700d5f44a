// A build-time fix to yjs 13.6 (issue 11: JS heap ≤ 150 MB at 50,000 entries). Its
// `readContentAny` decodes each stored value array by pushing onto `[]`, which leaves V8's growth
// capacity (17 slots) behind every array for as long as the document is open: at 50,000 entries
// (450,000 such arrays, most of them holding one value) that was 27 MB of a 155 MB heap. Sized
// exactly, the same values take a fifth of it; nothing else changes. The build fails if the code
// is not found (a yjs upgrade): see then whether yjs still needs it.
import { dependencyPatch, replaceOnce } from './dependency-patch.ts';

const YJS = /[\\/]node_modules[\\/]yjs[\\/]dist[\\/]yjs\.mjs$/;

export const FROM = `const readContentAny = decoder => {
  const len = decoder.readLen();
  const cs = [];
  for (let i = 0; i < len; i++) {
    cs.push(decoder.readAny());
  }
  return new ContentAny(cs)
};`;

const TO = `const readContentAny = decoder => {
  const len = decoder.readLen();
  const cs = new Array(len);
  for (let i = 0; i < len; i++) {
    cs[i] = decoder.readAny();
  }
  return new ContentAny(cs)
};`;

/** yjs's source with readContentAny's arrays sized exactly; throws when it is not there once. */
export const exactArrays = (code: string): string => replaceOnce(code, FROM, TO, 'yjs-exact-arrays: readContentAny is not as expected (yjs upgraded?)');

export const yjsExactArrays = () => dependencyPatch('yjs-exact-arrays', YJS, exactArrays);
