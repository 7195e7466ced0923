import type { SuiteSpec } from '../../harness/core/suite.ts';
import serverSender from './rfc3501-2.2.2-server-sender.ts';
import uniqueIdentifier from './rfc3501-2.3.1.1-unique-identifier.ts';
import sequenceNumber from './rfc3501-2.3.1.2-message-sequence-number.ts';
import notAuthenticated from './rfc3501-3.1-not-authenticated-state.ts';
import anyState from './rfc3501-6.1-any-state.ts';
import login from './rfc3501-6.2.3-login.ts';
import select from './rfc3501-6.3.1-select.ts';
import examine from './rfc3501-6.3.2-examine.ts';
import create from './rfc3501-6.3.3-create.ts';
import deleteCommand from './rfc3501-6.3.4-delete.ts';
import rename from './rfc3501-6.3.5-rename.ts';
import listCommand from './rfc3501-6.3.8-list.ts';
import status from './rfc3501-6.3.10-status.ts';
import append from './rfc3501-6.3.11-append.ts';
import close from './rfc3501-6.4.2-close.ts';
import expunge from './rfc3501-6.4.3-expunge.ts';
import search from './rfc3501-6.4.4-search.ts';
import fetch from './rfc3501-6.4.5-fetch.ts';
import store from './rfc3501-6.4.6-store.ts';
import copy from './rfc3501-6.4.7-copy.ts';
import uid from './rfc3501-6.4.8-uid.ts';
import statusResponses from './rfc3501-7.1-status-responses.ts';
import exists from './rfc3501-7.3.1-exists.ts';
import expungeResponse from './rfc3501-7.4.1-expunge-response.ts';
import fetchResponse from './rfc3501-7.4.2-fetch-response.ts';
import idle from './rfc2177-3-idle.ts';

export const suites: SuiteSpec[] = [
  {
    name: 'imap',
    title: 'IMAP4rev1 server (RFC 3501, IDLE RFC 2177)',
    transport: 'tcp',
    rules: [
      ...serverSender, ...uniqueIdentifier, ...sequenceNumber, ...notAuthenticated, ...anyState, ...login,
      ...select, ...examine, ...create, ...deleteCommand, ...rename, ...listCommand, ...status, ...append,
      ...close, ...expunge, ...search, ...fetch, ...store, ...copy, ...uid,
      ...statusResponses, ...exists, ...expungeResponse, ...fetchResponse, ...idle,
    ],
    fixtures: 'mail',
    typicalSeconds: 24,
  },
];
