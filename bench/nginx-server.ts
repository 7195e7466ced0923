import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findFreePort } from '../harness/targets/free-port.ts';
import { isListening } from '../harness/targets/listening-ports.ts';
import { SpawnedProcess } from '../harness/targets/spawned-process.ts';
import type { Endpoint } from '../harness/wire/limits.ts';

/**
 * nginx from Debian, started in the foreground on a high loopback port from a config written
 * into `workDir` (pid, logs and temp folders too, so no root and no system paths are needed),
 * serving `docroot` (which must lie inside `workDir` or be world-readable). One worker: the references are single-process, so the comparison is one
 * core against one core.
 */
export async function startNginx(docroot: string, workDir: string): Promise<{ endpoint: Endpoint; stop: () => Promise<void> }> {
  const port = await findFreePort();
  // Started by root, nginx's worker runs as nobody: it must be able to read the temp folders.
  await chmod(workDir, 0o755);
  await mkdir(path.join(workDir, 'tmp'), { recursive: true });
  const config = path.join(workDir, 'nginx.conf');
  await writeFile(
    config,
    `daemon off;
worker_processes 1;
pid ${workDir}/nginx.pid;
error_log ${workDir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${workDir}/tmp/body;
  proxy_temp_path ${workDir}/tmp/proxy;
  fastcgi_temp_path ${workDir}/tmp/fastcgi;
  uwsgi_temp_path ${workDir}/tmp/uwsgi;
  scgi_temp_path ${workDir}/tmp/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    root ${docroot};
  }
}
`,
  );
  const nginx = SpawnedProcess.start(`exec /usr/sbin/nginx -c ${config} -p ${workDir}`);
  const deadline = Date.now() + 10_000;
  while (!(await isListening(port, 'tcp'))) {
    if (nginx.status !== undefined || Date.now() > deadline) {
      await nginx.stop();
      throw new Error(`nginx did not start (is the nginx package installed?): ${nginx.status ?? 'timeout'} ${nginx.output.lastLine}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { endpoint: { host: '127.0.0.1', port }, stop: () => nginx.stop() };
}
