import fc from 'fast-check';
import { expectEqual, expectThat, show } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileBytes, fileName } from './arbitraries.ts';
import { featureLines } from './features.ts';
import { download, expectTransferDone, put, scratchSession } from './transfers.ts';

/**
 * RFC 3659 §7.2: each MLSD entry is a line of facts ("name=value;" each), one space, and the
 * entry's name, ended by CRLF. Facts are checked against what was stored: type=file, and a
 * size fact (when given) equal to the stored length.
 */

const citation = { suite: 'ftp', rfc: 'RFC 3659', section: '7.2', title: 'Format of MLSx response' };

const entryPattern = /^((?:[^=; ]+=[^;]*;)*) (.+)$/;

export default section(citation, [
  rule({
    slug: 'mlsd-facts-space-name',
    level: 'MUST',
    title: 'MLSD lists each entry as "fact=value;…" then one space and the name, with type and size matching what was stored',
    sends: 'log in, STOR a file and MKD a directory, MLSD',
    input: fc.tuple(fileName(), fileBytes(512)),
    maxRuns: 6,
    check: async (io, [name, bytes]) => {
      const control = await scratchSession(io);
      if (!(await featureLines(control)).some((f) => f.startsWith('MLST'))) return io.notApplicable('the server does not advertise MLST/MLSD in FEAT');
      await put(control, name, bytes);
      await control.succeed(`MKD ${name}-dir`);
      const transfer = await download(control, 'MLSD');
      expectTransferDone('MLSD', transfer);
      const text = transfer.data.toString('utf8');
      expectThat(text.endsWith('\r\n'), 'MLSD lines do not end in CRLF', 'CRLF', show(text.slice(-20)));
      const entries = new Map<string, Map<string, string>>();
      for (const line of text.split('\r\n').slice(0, -1)) {
        const match = entryPattern.exec(line);
        if (!match) return void expectThat(false, `MLSD line is not facts, one space, name: ${show(line)}`, 'fact=value; name', show(line));
        const facts = new Map((match[1] as string).split(';').filter(Boolean).map((f) => [f.slice(0, f.indexOf('=')).toLowerCase(), f.slice(f.indexOf('=') + 1)] as [string, string]));
        entries.set(match[2] as string, facts);
      }
      const file = entries.get(name);
      expectThat(file !== undefined, `MLSD does not list ${name}`, name, [...entries.keys()].join(', '));
      expectEqual(`type fact of ${name}`, file.get('type')?.toLowerCase(), 'file');
      if (file.has('size')) expectEqual(`size fact of ${name}`, file.get('size'), String(bytes.length));
      expectEqual(`type fact of ${name}-dir`, entries.get(`${name}-dir`)?.get('type')?.toLowerCase(), 'dir');
    },
  }),
]);
