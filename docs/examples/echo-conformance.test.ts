// A user's own vitest file: one test per rfcheck rule, against a server vitest starts.
// Run: npx vitest run --config docs/examples/vitest.config.ts
import { conformance } from 'rfcheck/vitest';

const server = process.env.ECHO_SERVER ?? 'fixtures/echo/students/udp_uppercase_server.py';

conformance('echo-udp', { kind: 'spawn', command: `python3 ${server} {port}` }, { runs: 30 });
