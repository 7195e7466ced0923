import { afterAll, beforeAll } from 'vitest';
import { type AnyRuleSpec, type Rule, section } from '../../../harness/core/rule.ts';
import type { RuleTarget } from '../../../harness/runner/run-rule.ts';
import { scriptedServer } from '../../support/scripted-server.ts';

/** A target that answers each line it receives with the line's length, so rules can be written against it. */
export function lengthServer(): ReturnType<typeof scriptedServer> {
  return scriptedServer((socket) => {
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        socket.write(`${end}\n`);
        buffered = buffered.slice(end + 1);
      }
    });
  });
}

/** Starts a length server for the test file's lifetime; returns the rule target that reaches it. */
export function useLengthServer(): () => RuleTarget {
  let server: Awaited<ReturnType<typeof lengthServer>> | undefined;
  beforeAll(async () => {
    server = await lengthServer();
  });
  afterAll(() => server?.close());
  return () => {
    if (!server) throw new Error('the length server is not up');
    return { endpoint: { host: '127.0.0.1', port: server.port }, endpoints: {} };
  };
}

/** One rule with its id, for runner tests. */
export function oneRule(spec: AnyRuleSpec): Rule {
  const [rule] = section({ suite: 't', rfc: 'RFC 0', section: '1', title: 'test' }, [spec]);
  if (!rule) throw new Error('no rule');
  return rule;
}
