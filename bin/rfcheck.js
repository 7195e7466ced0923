#!/usr/bin/env node
// Entry point for `npx rfcheck`: registers the TypeScript loader, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
process.env.RFCHECK_BIN = '1';
await import('../harness/cli/main.ts');
