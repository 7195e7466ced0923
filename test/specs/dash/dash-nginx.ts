import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type ForegroundDaemon, startForegroundDaemon } from '../../support/foreground-daemon.ts';

export interface ServedFolder {
  docroot: string;
  nginx: ForegroundDaemon;
}

/**
 * For the enclosing describe: a temporary folder filled by `prepare` (an ffmpeg encode, the
 * generated fixture), served by Debian's nginx from fixtures/dash/nginx/nginx.conf.template on
 * a loopback high port; both removed after the tests. Returns an accessor for the tests.
 */
export function useNginxServing(prepare: (docroot: string) => Promise<void>): () => ServedFolder {
  let docroot = '';
  let nginx: ForegroundDaemon | undefined;
  beforeAll(async () => {
    docroot = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-dash-nginx-'));
    await prepare(docroot);
    nginx = await startForegroundDaemon({
      name: 'nginx',
      binary: '/usr/sbin/nginx',
      debianPackage: 'nginx',
      configTemplate: 'dash/nginx/nginx.conf.template',
      substitutions: { '@DOCROOT@': docroot },
      args: (config, runtime) => ['-p', runtime, '-e', 'stderr', '-c', config],
    });
  }, 120_000);
  afterAll(async () => {
    await nginx?.stop();
    if (docroot) await rm(docroot, { recursive: true, force: true });
  });
  return () => {
    if (!nginx) throw new Error('nginx did not start');
    return { docroot, nginx };
  };
}
