export const usage = `rfcheck — property-based conformance checks for application-layer protocols

usage:
  rfcheck list [suite]                      suites and their rules
  rfcheck run <suite…|all|rule-glob…> [target] [options]
  rfcheck replay <report.json> <rule-id>    re-run one recorded failure from its seed and path
  rfcheck serve <suite> [--port N] [--host H]   run a reference server
  rfcheck grade <roster.csv> [--start CMD] [--jobs N] [--out DIR] [--rubric F] [--only ID] [--limit-*]
                                            grade a class: gradebook.csv, class.html, per-student reports
  rfcheck merge <report.json…> --json FILE  join shard reports (also --junit/--md/--html/--gradescope)
  rfcheck perf <scenario|all> [perf options]  measure through the link emulator against the model
  rfcheck fuzz <suite> [target] [--duration 60s] [--seed N] [--max-execs N] [--json FILE]
                                            mutate the suite's sessions, watch the target for
                                            crashes, hangs, broken framing and memory growth;
                                            each finding minimised and replayable (exit 1 if any)

target (default: the suite's reference, started in-process on a loopback port):
  --target HOST:PORT        a running server ([::1]:PORT for IPv6)
  --spawn "CMD {port}"      start a program; {port}, {host}, {fixtures} are substituted
  --container IMAGE[:TAG]   run a local image with host networking (testcontainers; needs a Docker
                            engine, DOCKER_HOST); it must listen on $PORT, or give
  --container-cmd "CMD {port}"   the command to run in it instead of the image's own

options:
  --rules GLOB              select rules (repeatable); 'http/9.3.*', 'echo-udp/2.7.1/one-reply-per-datagram'
  --runs N                  generated cases per rule (default 100; some rules cap it lower)
  --seed N                  fast-check seed (default random; printed and recorded)
  --timeout MS              deadline of one rule, runs and shrinking included (default 30000)
  --read-timeout MS         deadline of one socket read or connect (default 2000)
  --start-timeout MS        how long a spawned server may take to listen (default 10000)
  --strict                  failed SHOULD rules also make the exit status 1
  --jobs N                  run N suites at once (default 1)
  --concurrency N           checks of one rule in flight at once, for rules marked concurrent (default 4)
  --batch K                 inputs one run of a concurrent rule checks on one socket or persistent
                            connection (default 1): --runs N becomes ⌈N/K⌉ runs of K inputs
  --no-shrink               report each rule's first failure as found, without shrinking it
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

perf scenarios: http-nonpersistent http-persistent http-pipelined http-parallel web-cache queueing,
  and those the protocol folders add: \`rfcheck perf list\` (or \`rfcheck perf --help\`) prints
  them with their own flags.
  Each prints measured, model, ratio.
  --rtt MS                  round-trip time of the emulated link (http 50, web-cache 100)
  --rate MBPS               link rate in Mbit/s (http and web-cache 10, queueing 2)
  --objects N  --size BYTES objects on the page and their size (10 and 100000; web-cache 25000,
                            queueing: packet size 1250)
  --parallel K              connections at once for http-parallel (5)
  --repeat N                runs of each http scenario; the median is reported (3)
  --hit-rate H  --request-rate A  --requests N   web-cache workload (0.4, 30/s, 200)
  --packets N               packets per load level for queueing (300)
  --seed N                  seed of the random arrivals and cache hits (1)
  --target HOST:PORT        an HTTP server serving /perf/base-<N>-<BYTES>.html and
                            /perf/obj-<i>-<BYTES>.bin (default: the http reference)
  --json FILE  --html FILE  --md FILE           report with the perf records

fuzz options (besides target, --seed, --read-timeout (default 1000), --start-timeout, --quiet):
  --duration T              how long to fuzz: 60s (default), 90 (seconds), 5m, 1h
  --max-execs N             stop after N fuzz inputs
  --concurrency N           inputs in flight at once (default 32)
  --quiet-ms MS             a reply is over after this long without bytes (default 10)
  --max-rss-growth MB       memory a spawned target may gain before it is a finding (default 256)
  --minimise-time T         time to minimise a finding (default 30s)
  --json FILE               JSON report with the findings (default reports/last-fuzz.json)

exit status: 0 no MUST rule failed · 1 a MUST rule failed (--strict: or a SHOULD) ·
             2 usage error, unreachable target, or a MUST rule the harness could not decide
`;
