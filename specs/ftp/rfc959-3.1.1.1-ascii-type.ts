import { expectBytesEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileName, textLines } from './arbitraries.ts';
import { download, expectTransferDone, put, scratchSession, upload } from './transfers.ts';
import fc from 'fast-check';

/**
 * RFC 959 §3.1.1.1: in TYPE A the data connection carries NVT-ASCII, every line ended by CRLF;
 * the sender converts its own line ends to CRLF and the receiver converts CRLF back to its own.
 */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: '3.1.1.1', title: 'ASCII type' };

const crlfText = (lines: string[]): Buffer => Buffer.from(lines.map((line) => `${line}\r\n`).join(''), 'latin1');

export default section(citation, [
  rule({
    slug: 'ascii-retr-sends-crlf',
    level: 'MUST',
    title: 'RETR in TYPE A of a file whose lines end in LF sends every line ended by CRLF',
    sends: 'log in, STOR lines ended by LF in TYPE I, then TYPE A and RETR',
    input: fc.tuple(fileName(), textLines()),
    maxRuns: 10,
    check: async (io, [name, lines]) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from(lines.map((line) => `${line}\n`).join(''), 'latin1'));
      await control.succeed('TYPE A');
      const transfer = await download(control, `RETR ${name}`);
      expectTransferDone(`RETR ${name}`, transfer);
      expectBytesEqual(`RETR ${name} in TYPE A`, transfer.data, crlfText(lines));
    },
  }),
  rule({
    slug: 'ascii-round-trip',
    level: 'MUST',
    title: 'Text stored in TYPE A with CRLF line ends comes back identical when retrieved in TYPE A',
    sends: 'log in, TYPE A, STOR lines ended by CRLF, RETR',
    input: fc.tuple(fileName(), textLines()),
    maxRuns: 10,
    check: async (io, [name, lines]) => {
      const control = await scratchSession(io);
      await control.succeed('TYPE A');
      expectTransferDone(`STOR ${name}`, await upload(control, `STOR ${name}`, crlfText(lines)));
      const transfer = await download(control, `RETR ${name}`);
      expectTransferDone(`RETR ${name}`, transfer);
      expectBytesEqual(`RETR ${name} in TYPE A`, transfer.data, crlfText(lines));
    },
  }),
]);
