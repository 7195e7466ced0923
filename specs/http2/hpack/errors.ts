/**
 * A field block that cannot be decoded (RFC 7541 calls it a decoding error; RFC 9113 §4.3 makes it
 * a connection error of type COMPRESSION_ERROR). Thrown by the codec, never by a socket.
 */
export class HpackDecodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HpackDecodingError';
  }
}
