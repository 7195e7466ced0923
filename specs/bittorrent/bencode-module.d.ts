// The bencode package (webtorrent/node-bencode) ships no types; this is the part rfcheck uses.
declare module 'bencode' {
  interface Bencode {
    encode(value: unknown): Uint8Array;
    decode(data: Uint8Array, encoding?: string): unknown;
  }
  const bencode: Bencode;
  export default bencode;
}
