import { describeDovecotRun } from '../pop3/dovecot.ts';

/**
 * Dovecot's IMAP server (Debian dovecot-imapd) against the imap suite, configured by
 * fixtures/imap/dovecot.conf. It has no documented deviation (fixtures/imap/README.md): any
 * failing rule fails this test.
 */
describeDovecotRun('imap', 5, []);
