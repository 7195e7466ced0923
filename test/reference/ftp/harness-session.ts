import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { RunIO } from '../../../harness/runner/run-io.ts';
import { type Endpoint, defaultWireLimits } from '../../../harness/wire/limits.ts';
import { FtpControl } from '../../../specs/ftp/control-connection.ts';

/**
 * The spec's own FTP client, outside a rule: a RunIO on `endpoint` (reads with deadlines and
 * caps), and a control connection logged in as `user` (or not logged in at all).
 */
export function runIO(endpoint: Endpoint, readTimeoutMs = 3000): RunIO {
  return new RunIO(endpoint, {}, { fixturesDir }, { ...defaultWireLimits, readTimeoutMs }, new AbortController().signal);
}

export async function logIn(io: RunIO, user = 'alice', pass = 'wonderland'): Promise<FtpControl> {
  return FtpControl.loggedIn(io, { user, pass });
}
