import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { Endpoint } from '../../../harness/wire/limits.ts';
import { startForegroundDaemon } from '../../support/foreground-daemon.ts';

/**
 * Debian's nginx (package `nginx`) as a foreground child on a loopback high port, configured
 * from fixtures/http/nginx/nginx.conf.template, serving a copy of the fixture docroot (the
 * suite's PUT and DELETE rules write into it).
 */

export const nginxBinary = '/usr/sbin/nginx';

export interface RunningNginx {
  endpoint: Endpoint;
  /** What nginx wrote (bounded), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export async function startNginx(): Promise<RunningNginx> {
  const copy = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-nginx-docroot-'));
  const docroot = path.join(copy, 'docroot');
  try {
    await cp(path.join(fixturesDir, 'http', 'docroot'), docroot, { recursive: true, preserveTimestamps: true });
    const nginx = await startForegroundDaemon({
      name: 'nginx',
      binary: nginxBinary,
      debianPackage: 'nginx',
      configTemplate: 'http/nginx/nginx.conf.template',
      substitutions: { '@DOCROOT@': docroot },
      args: (config, runtime) => ['-p', runtime, '-e', 'stderr', '-c', config],
    });
    return {
      endpoint: nginx.endpoint,
      log: () => nginx.output(),
      stop: async () => {
        await nginx.stop();
        await rm(copy, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(copy, { recursive: true, force: true });
    throw error;
  }
}
