import { UsageError } from '../../core/errors.ts';
import { fixturesDir, loadSuites } from '../../core/catalogue.ts';
import { formatEndpoint } from '../../wire/limits.ts';
import { integerFlag, parseFlags } from '../flags.ts';

/** `rfcheck serve <suite> [--port N] [--host H]`: runs a reference server until interrupted. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { port: { type: 'string' }, host: { type: 'string' }, fixtures: { type: 'string' } });
  const [name] = positionals;
  const suites = await loadSuites();
  const suite = suites.find((s) => s.name === name);
  if (!suite || positionals.length !== 1) throw new UsageError(`serve takes one suite name (known: ${suites.map((s) => s.name).join(', ')})`);
  const port = integerFlag(values.port, 'port', 0, 0, 65535);
  const host = values.host ?? '127.0.0.1';
  let server;
  try {
    server = await suite.reference.start({ host, port, fixturesDir: values.fixtures ?? fixturesDir });
  } catch (error) {
    throw new UsageError(`cannot start the ${suite.name} reference on ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // Every named endpoint is printed: harness/targets/spawned-reference.ts reads them from this line.
  const others = Object.entries(server.endpoints ?? {}).map(([label, e]) => ` ${label} ${formatEndpoint(e)}`).join(',');
  process.stdout.write(`${suite.name} reference listening on ${formatEndpoint(server.endpoint)} (${suite.transport})${others ? `;${others}` : ''}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
