import type { ProtocolCommand } from '../../harness/core/catalogue.ts';
import type { SuiteSpec } from '../../harness/core/suite.ts';
import { lintMessageCommand } from './lint-message-command.ts';

/**
 * The message format (RFC 5322) and MIME (RFC 2045/2046): no suite of its own — no server to
 * judge — but a checker other specs call (lint-message.ts) and the `lint-message` command.
 */
export const suites: SuiteSpec[] = [];

export const commands: Record<string, ProtocolCommand> = {
  'lint-message': { summary: 'check .eml files against RFC 5322 and MIME (RFC 2045/2046)', run: lintMessageCommand },
};
