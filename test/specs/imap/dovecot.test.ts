import { describeDovecotRun } from '../pop3/dovecot.ts';

/**
 * Dovecot's IMAP server (Debian dovecot-imapd) against the imap suite, configured by
 * fixtures/imap/dovecot.conf. It has no documented deviation (fixtures/imap/README.md): any
 * failing rule fails this test. The cross-protocol rule is skipped: no SMTP server delivers into
 * Dovecot's store here.
 */
describeDovecotRun('imap', 5, [], ['imap/6.4.5/smtp-delivered-message-fetched']);
