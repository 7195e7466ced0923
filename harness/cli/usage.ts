export const usage = `rfcheck — property-based conformance checks for application-layer protocols

usage:
  rfcheck list [suite]                      suites and their rules
  rfcheck run <suite…|all|rule-glob…> [target] [options]
  rfcheck replay <report.json> <rule-id>    re-run one recorded failure from its seed and path
  rfcheck serve <suite> [--port N] [--host H]   run a reference server
  rfcheck merge <report.json…> --json FILE  join shard reports (also --junit/--md/--html/--gradescope)

target (default: the suite's reference, started in-process on a loopback port):
  --target HOST:PORT        a running server ([::1]:PORT for IPv6)
  --spawn "CMD {port}"      start a program; {port}, {host}, {fixtures} are substituted
  --container IMAGE         (not supported in this version)

options:
  --rules GLOB              select rules (repeatable); 'http/9.3.*', 'echo-udp/2.7.1/one-reply-per-datagram'
  --runs N                  generated cases per rule (default 100; some rules cap it lower)
  --seed N                  fast-check seed (default random; printed and recorded)
  --timeout MS              deadline of one rule, runs and shrinking included (default 30000)
  --read-timeout MS         deadline of one socket read or connect (default 2000)
  --start-timeout MS        how long a spawned server may take to listen (default 10000)
  --strict                  failed SHOULD rules also make the exit status 1
  --json FILE               JSON report (default reports/last-run.json)
  --junit FILE  --md FILE  --html FILE  --gradescope FILE    further report formats
  --user NAME --pass SECRET (or RFCHECK_USER/RFCHECK_PASS)   for suites that log in
  --smtp HOST:PORT  --zone FILE  --mail-domain D             target data for mail and DNS suites
  --fixtures DIR            fixtures folder (default: the one shipped with rfcheck)
  --quiet                   no progress lines
  --shard I/N               run only the I-th of N shares of the selected rules (merge them after)
  --baseline FILE           compare with an earlier JSON report: regressions, new failures, fixes
  --fail-on regression|must exit 1 on regressions against --baseline, or (default) on MUST failures
  --perf-threshold PCT      a perf ratio this much worse than the baseline's is a regression (10)
  --annotations github|none GitHub Actions error/warning lines (default: github under Actions)

exit status: 0 no MUST rule failed · 1 a MUST rule failed (--strict: or a SHOULD) ·
             2 usage error, unreachable target, or a MUST rule the harness could not decide
`;
