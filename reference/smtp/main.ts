import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type SmtpServerOptions, startSmtpServer } from './smtp-server.ts';

/**
 * Runs the reference SMTP server as its own process (for the durability test, which kills it
 * with SIGKILL, and for anyone who wants a local mail drop):
 *   tsx reference/smtp/main.ts --port N --store DIR [--host 127.0.0.1] [--domain example.test] [--fixtures DIR]
 * Prints "listening PORT" once it accepts connections.
 */
const usage = 'usage: main.ts --port N --store DIR [--host H] [--domain D] [--fixtures DIR]';

/** Runs the server from command-line arguments until SIGINT/SIGTERM; `extra` is for planted-bug entry scripts. */
export async function runSmtpMain(argv: string[], extra: Partial<SmtpServerOptions> = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: 'string' }, store: { type: 'string' }, host: { type: 'string' }, domain: { type: 'string' }, fixtures: { type: 'string' } }, strict: true }));
  } catch {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const port = Number(values.port);
  if (!values.store || !/^\d+$/.test(values.port ?? '') || port > 65535) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  let server;
  try {
    server = await startSmtpServer({ host: values.host ?? '127.0.0.1', port, storeRoot: values.store, domain: values.domain, fixturesDir: values.fixtures, ...extra });
  } catch (error) {
    process.stderr.write(`cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  process.stdout.write(`listening ${server.endpoint.port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runSmtpMain(process.argv.slice(2));
}
