import type { SuiteSpec } from '../../harness/core/suite.ts';
import basicOperation from './rfc1939-3-basic-operation.ts';
import authorizationState from './rfc1939-4-authorization-state.ts';
import transactionState from './rfc1939-5-transaction-state.ts';
import updateState from './rfc1939-6-update-state.ts';
import optionalCommands from './rfc1939-7-optional-commands.ts';
import messageFormat from './rfc1939-11-message-format.ts';

export const suites: SuiteSpec[] = [
  {
    name: 'pop3',
    title: 'POP3 server (RFC 1939)',
    transport: 'tcp',
    // UPDATE before TRANSACTION: a server that deletes on a dropped connection is caught before
    // the TRANSACTION rules (which drop their sessions) have emptied its maildrop.
    rules: [...basicOperation, ...authorizationState, ...updateState, ...transactionState, ...optionalCommands, ...messageFormat],
    fixtures: 'mail',
    typicalSeconds: 10,
  },
];
