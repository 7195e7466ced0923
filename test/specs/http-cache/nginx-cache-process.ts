import type { Endpoint } from '../../../harness/wire/limits.ts';
import { startForegroundDaemon } from '../../support/foreground-daemon.ts';

/**
 * Debian's nginx as a caching reverse proxy (fixtures/http-cache/nginx/nginx.conf.template) in
 * the foreground on a loopback high port, its cache and every runtime file in a temporary folder.
 */

export interface RunningCacheProxy {
  endpoint: Endpoint;
  log(): string;
  stop(): Promise<void>;
}

export async function startNginxCache(): Promise<RunningCacheProxy> {
  const nginx = await startForegroundDaemon({
    name: 'nginx',
    binary: '/usr/sbin/nginx',
    debianPackage: 'nginx',
    configTemplate: 'http-cache/nginx/nginx.conf.template',
    args: (config, runtime) => ['-p', runtime, '-e', 'stderr', '-c', config],
  });
  return { endpoint: nginx.endpoint, log: () => nginx.output(), stop: () => nginx.stop() };
}
