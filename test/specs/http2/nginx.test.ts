import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { type ForegroundDaemon, startForegroundDaemon } from '../../support/foreground-daemon.ts';
import { runAgainstAddress } from '../../support/mutant-matrix.ts';

/**
 * nginx from Debian as a cleartext HTTP/2 server (fixtures/http2/nginx.conf.template) against
 * the http2 suite. Its deviations are listed, with their RFC sections, in fixtures/http2/README.md;
 * this test holds it to exactly that list, so a change in either direction is noticed.
 */
const documentedDeviations = [
  '3.4/settings-must-follow-magic',
  '5.1/idle-stream-data-or-window-update',
  '5.1/half-closed-remote-headers',
  '5.1/frames-after-rst-stream',
  '6.4/rst-stream-on-idle-stream',
  '6.9.1/stream-window-overflow',
  '6.10/field-block-across-continuations',
  '8.1/trailers-without-end-stream',
  '8.1.1/content-length-mismatch',
  '8.2.1/forbidden-octet-in-field-name',
  '8.2.1/whitespace-at-field-value-edge',
  '8.2.2/connection-specific-field',
  '8.2.2/te-other-than-trailers',
  '8.3/pseudo-header-in-trailers',
  '8.3/pseudo-header-after-regular-field',
  '8.5/connect-with-scheme-or-path',
  '7541-4.2/size-update-after-field',
  '7541-5.2/invalid-huffman-string',
].map((id) => `http2/${id}`);

describe('nginx (Debian package nginx) as an h2c server', () => {
  let nginx: ForegroundDaemon | undefined;

  beforeAll(async () => {
    nginx = await startForegroundDaemon({
      name: 'nginx',
      binary: '/usr/sbin/nginx',
      debianPackage: 'nginx',
      configTemplate: 'http2/nginx.conf.template',
      substitutions: { '@DOCROOT@': path.join(fixturesDir, 'http', 'docroot') },
      args: (config, runtime) => ['-p', runtime, '-c', config],
    });
  });

  afterAll(async () => {
    await nginx?.stop();
  });

  it('fails no MUST rule beyond its documented deviations', async () => {
    const report = await runAgainstAddress('http2', (nginx as ForegroundDaemon).endpoint, { runs: 10, ruleTimeoutMs: 20_000, readTimeoutMs: 1000 });
    const failing = report.rules.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id).sort();
    expect(failing).toEqual([...documentedDeviations].sort());
    const skipped = report.rules.filter((r) => r.status === 'skip').map((r) => r.id).sort();
    // nginx announces SETTINGS_MAX_FRAME_SIZE 2^24−1 and speaks no HTTP/1.1 on an http2 listener.
    expect(skipped).toEqual(['http2/7540-3.2/upgrade-answers-on-stream-1', 'http2/4.2/oversized-data-is-frame-size-error', 'http2/4.2/oversized-headers-is-connection-error'].sort());
  });
});
