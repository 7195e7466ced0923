import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { startFtpServer } from '../../../reference/ftp/ftp-server.ts';
import { names } from '../../../specs/ftp/transfers.ts';
import { logIn, runIO } from '../../reference/ftp/harness-session.ts';
import { runAgainstAddress } from '../../support/mutant-matrix.ts';

/**
 * A server graded run after run must not fill up with the harness's scratch directories: after
 * a whole passing suite the login directory holds what it held before.
 */
describe('ftp scratch directories', () => {
  it('are all removed from a long-running server once their runs pass', async () => {
    const server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir });
    try {
      const listing = async (): Promise<string[]> => {
        const io = runIO(server.endpoint);
        try {
          return (await names(await logIn(io))).sort();
        } finally {
          io.dispose();
        }
      };
      const before = await listing();
      const report = await runAgainstAddress('ftp', server.endpoint, { runs: 5, readTimeoutMs: 2000 });
      expect(report.rules.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status}`)).toEqual([]);
      expect(await listing()).toEqual(before);
    } finally {
      await server.close();
    }
  }, 120_000);
});
