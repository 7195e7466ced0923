import { describeDovecotRun } from './dovecot.ts';

/**
 * Dovecot's POP3 server (Debian dovecot-pop3d) against the pop3 suite, configured by
 * fixtures/pop3/dovecot.conf. It has no documented deviation (fixtures/pop3/README.md): any
 * failing rule fails this test. The cross-protocol rule is skipped: no SMTP server delivers into
 * Dovecot's store here.
 */
describeDovecotRun('pop3', 10, [], ['pop3/5/smtp-delivered-message-retrieved']);
