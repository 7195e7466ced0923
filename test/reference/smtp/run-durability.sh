#!/usr/bin/env bash
# Runs the SMTP reference crash test with more kill trials than CI (default 1,000):
#   test/reference/smtp/run-durability.sh [TRIALS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
RFCHECK_DURABILITY_TRIALS="${1:-1000}" npx vitest run test/reference/smtp/durability.test.ts
