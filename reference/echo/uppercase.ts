/** The course app's transformation: ASCII a–z become A–Z; every other byte is left as it is. */
export function uppercaseAscii(data: Uint8Array): Buffer {
  const out = Buffer.from(data);
  for (let i = 0; i < out.length; i++) {
    const byte = out[i] as number;
    if (byte >= 0x61 && byte <= 0x7a) out[i] = byte - 0x20;
  }
  return out;
}
