/** BENCHMARKS.md: the machine, the date, how to reproduce, how it is measured, the tables and the verdicts. */
import { BenchResult, renderTables, requestLines } from "./report";

export interface DocumentInfo { machine: string; date: string }

export function benchmarksMarkdown(res: BenchResult, info: DocumentInfo): string {
    return `# Benchmarks (issues 9 and 13)

Latest run: ${info.date} on ${info.machine}. The whole bench took ${(res.runMs / 1000).toFixed(0)} s.

Reproduce: \`npm ci && npm run bench\` (prints the tables and rewrites this file; \`npm run bench -- --no-write\` only
prints). Wall times on a 2-core machine are noisy: nothing else (e.g. \`npm test\`) should run at the same time, and
single runs of a few milliseconds differ by tens of percent between runs. Request counts are exact and repeatable.

## How it is measured

- **Ours**: the stack program (\`stacks/index.ts\`, the dev stack with \`demo=false\`, N \`collectors\`, V
  \`cloneTargets\` each cloned clientside and serverside) is evaluated under Pulumi mocks, exactly as \`npm run plan\`
  does; its clone-path resources (TunnelChain per collector, Pool per collector, ClonePoolAttachment per virtual and
  context, ConfigSave) are driven through the SDK's own dynamic-provider host (\`@pulumi/pulumi/cmd/dynamic-provider\`,
  a child process spoken to over its gRPC protocol, with the \`__provider\` text each resource registered) by the
  engine of \`test/engine\` (check → diff → create/update/delete, read), one resource at a time in dependency order,
  against the strict emulator with the virtual servers seeded; wall times include the gRPC round trips and protobuf
  encoding. The connection is the one the program registers (its timeouts, readiness and retry defaults), pointed at
  the emulator. Each operation is one \`pulumi\` run: its resources share one session to the device (rest/shared.ts:
  one login, one readiness check), the run ends by logging that session out (counted, inside the measured time), and
  the next operation starts knowing nothing (readiness is checked again). One host process serves the whole bench and
  each run is ended in it as the engine's end of run would (test/engine/host.ts), so no process start-up is timed.
- **Naive**: a per-object client written in the bench (\`test/bench/naive.ts\`) for the same objects (per collector:
  tunnel profile, tunnel, self IP, static ARP, FDB record, pool; per virtual and context: a GET and PATCH of
  \`clonePools\`; a config save): for every object a login, a GET before any write, the write on its own (no transaction), a logout.
  Its "no-op up" and "refresh" read every object in its own session (what a per-object tool's refresh/plan does);
  its MAC change is such a refresh, then GET + PATCH of the ARP entry, the FDB record (named by the MAC) deleted and
  created anew (each in its own session, with its GET), then a save.
- Both run sequentially, one object/resource at a time. Pulumi (and Terraform with its default parallelism) would run
  independent resources concurrently, which shortens both wall times at 50 ms but not the request counts.
- **Latency**: the emulator's \`latencyMs\` option holds every answered request that long (the round trip of a slow
  management link); TCP/TLS connection set-up is not delayed, which favours the naive client (a connection per request).
- **Operations**: create (fresh device), no-op up (same inputs again), refresh (read every resource), MAC change (the
  first collector's MAC changes: its TunnelChain's \`collectorMac\` and the ConfigSave's triggers, as the program
  would register them), destroy (reverse order).
- **Readiness**: ${res.boots.length} seeded boots (refused connections, restjavad 503, "not registered" 404, mcpd 500/404, notReady
  503 — the texts of \`../shared/fixtures/bigip/errors-transient.json\` — each phase a seeded random length, ready at a
  random moment); our 1 collector × 1 virtual create starts at the boot's first moment, with the readiness settings
  the program registers (only \`readinessTimeoutMs\` is set, so the 2 s default poll interval applies); measured from "ready" to the
  arrival of our first configuration request (first POST under \`/mgmt/tm/\` at or after ready). The boots are
  shortened (ready after 0.3–2.5 s) to keep the bench short; the delay after ready does not depend on the boot's length
  beyond the poll interval and retry back-off in force when the device becomes ready. **F5's \`ready()\`** beside it
  (\`test/bench/f5Ready.ts\`): ${res.f5Boots.length} of the same seeds, same phases, each on a fresh emulator, waited
  for by F5's own client library (@f5devcentral/f5-cloud-libs 4.30.0 \`bigIp.init(host, user, password, { port,
  product })\` with no \`retry\` option, as its own \`scripts/onboard.js\` calls it, so \`ready()\` keeps its
  default schedule), measured from "ready" to the moment \`ready()\` resolves (a rejection is reported with its
  error). Because that schedule sleeps 10 s after each failed attempt, these boots are started 0.5 s apart and
  overlap (each ~10 s, no two boots' attempts at the same moment) instead of running one after another.
- **Evaluation**: \`runProgram\` of \`stacks/plan/run.ts\` (what \`npm run plan\` runs) in a child process per size;
  wall time of the evaluation alone (most of the 1-virtual time is loading the program's modules, \`@pulumi/aws\`
  above all), and the child's peak RSS (node and ts-node included).

- **Data plane** (\`test/bench/dataplane.sh\`, root): network namespaces on this machine's kernel — a generator, the
  "BIG-IP" (tc mirred copies every frame, nftables sets the destination MAC to the collector's and forwards into a
  VXLAN device: the clone path as the data-plane proof builds it), a router, and the collector, whose tunnel device
  is made by its own cloud-init unit's ExecStart (\`collectorSide("vxlan")\` of test/dataplane). One Python UDP
  generator process offers frames of 64 bytes (IP 46) and 1518 bytes (IP 1500; both sizes with the 4-byte FCS) for
  **3 s per trial, not the issue's 10 s** (to keep the bench under 5 minutes); if the first trial, at the
  generator's maximum, loses frames, the rate is halved between the last lossless and lossy rates 4 times. Received
  = \`rx_packets\` of the collector's tunnel device. Fragmentation: the IP \`FragCreates\`/\`ReasmReqds\` counters of
  the BIG-IP, router and collector namespaces (0 means no frame was fragmented). When nothing is lost at the
  generator's maximum, the zero-loss rate is a lower bound set by the generator, not by the clone path.

${renderTables(res)}
## Reading the numbers

- At 50 ms every request costs a round trip and both clients run one request at a time, so wall time ≈ requests ×
  RTT: the wall-time ratio follows the request ratio.
- At 0 ms the naive client is also slower per request (a new TLS connection per request, where ours keeps one).
- No-op up and preview cost nothing (the diff works on the state alone). A MAC change touches only that collector's
  chain (in place: the ARP entry's MAC and the FDB record, in one transaction) and the save, whatever the estate size.

## Where the requests go

The create of 1 collector × 1 virtual (lines below): one login and one readiness check (\`GET tm/sys/ready\`, before
the first change) for the whole run; the chain as one transaction of four POSTs with no read first (a name already
taken makes the device refuse the commit, and only then is the chain read, to say which object clashes), then the
FDB record's POST once its tunnel exists (no request more than inside the transaction); the pool,
one POST; each attachment one
\`tmsh clone-pools add\` and the read that verifies it (mcpd takes one pool per context, so the add cannot displace
another owner's pool; a refusal is read and explained); one save; the logout at the end of the run.

A refresh is one GET per device object plus the login and the logout: the shared session checks readiness before
the run's first change (create, update, delete: before their reads too) and, for a resource's read, only before it
believes a GET's 404 (rest/shared.ts, rest/session.ts \`ReadinessMode\`) — while mcpd (re)loads its configuration a
GET can answer 404 for an object that exists (RESTGO, reference §1.12), which a refresh would take as deleted. On a
ready device a read-only run sends no readiness poll at all.

What was kept although it costs requests:
- **The verifying read after each tmsh change** (the attachment), and the save after each delete (a destroy that
  stops part-way must not leave deletions that a reboot undoes).
- **A read before an update** (the chain converges whatever drifted, not only what our inputs changed).
- **The pool is not in the chain's transaction**: they are separate Pulumi resources, each created by its own
  provider call, and a transaction cannot span two calls; it would not save a request either (every queued command is
  a request of its own).

<details><summary>Our requests: create, 1 collector × 1 virtual, 0 ms</summary>

\`\`\`
${requestLines(res, "1x1", "create")}
\`\`\`
</details>

<details><summary>Our requests: refresh, 1 collector × 1 virtual, 0 ms</summary>

\`\`\`
${requestLines(res, "1x1", "refresh")}
\`\`\`
</details>
`;
}
