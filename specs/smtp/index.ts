import type { SuiteSpec } from '../../harness/core/suite.ts';
import generalSyntax from './rfc5321-2.4-general-syntax.ts';
import clientInitiation from './rfc5321-3.2-client-initiation.ts';
import mailTransactions from './rfc5321-3.3-mail-transactions.ts';
import vrfyNormalResponse from './rfc5321-3.5.2-vrfy-normal-response.ts';
import vrfySuccess from './rfc5321-3.5.3-vrfy-success.ts';
import relaying from './rfc5321-3.6.2-relaying.ts';
import terminatingSessions from './rfc5321-3.8-terminating-sessions.ts';
import commandSemantics from './rfc5321-4.1.1-command-semantics.ts';
import ehloHelo from './rfc5321-4.1.1.1-ehlo-helo.ts';
import data from './rfc5321-4.1.1.4-data.ts';
import rset from './rfc5321-4.1.1.5-rset.ts';
import noop from './rfc5321-4.1.1.9-noop.ts';
import quit from './rfc5321-4.1.1.10-quit.ts';
import orderOfCommands from './rfc5321-4.1.4-order-of-commands.ts';
import smtpReplies from './rfc5321-4.2-smtp-replies.ts';
import replyCode502 from './rfc5321-4.2.4-reply-code-502.ts';
import commandReplySequences from './rfc5321-4.3.2-command-reply-sequences.ts';
import minimumImplementation from './rfc5321-4.5.1-minimum-implementation.ts';
import transparency from './rfc5321-4.5.2-transparency.ts';
import sizeLimits from './rfc5321-4.5.3.1-size-limits.ts';
import messageContent from './rfc5321-4.5.3.1.7-message-content.ts';
import recipientsBuffer from './rfc5321-4.5.3.1.8-recipients-buffer.ts';
import size from './rfc1870-size.ts';
import eightBitMime from './rfc6152-8bitmime.ts';
import pipelining from './rfc2920-pipelining.ts';

export const suites: SuiteSpec[] = [
  {
    name: 'smtp',
    title: 'SMTP server (RFC 5321, with SIZE, 8BITMIME and PIPELINING)',
    transport: 'tcp',
    fixtures: 'mail',
    typicalSeconds: 6,
    rules: [
      ...commandReplySequences,
      ...ehloHelo,
      ...clientInitiation,
      ...generalSyntax,
      ...mailTransactions,
      ...orderOfCommands,
      ...data,
      ...transparency,
      ...rset,
      ...noop,
      ...quit,
      ...commandSemantics,
      ...vrfyNormalResponse,
      ...vrfySuccess,
      ...relaying,
      ...terminatingSessions,
      ...smtpReplies,
      ...replyCode502,
      ...minimumImplementation,
      ...sizeLimits,
      ...messageContent,
      ...recipientsBuffer,
      ...size,
      ...eightBitMime,
      ...pipelining,
    ],
  },
];
