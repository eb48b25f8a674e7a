/** A bounded remote tcpdump started over iControl REST util/bash: the command, its validation, and the device's answer. */
import * as assert from "node:assert/strict";
import { withSession } from "../../components/bigip/rest";
import { ConfigError } from "../../components/common/errors";
import { remoteCaptureCommand, startRemoteCapture } from "../../components/diagnose/remoteCapture";
import { connOf, useEmulator } from "../bigip/objects/harness";

describe("remote capture (tcpdump --remote-dest through util/bash)", () => {
    it("bounds the capture in time and packets, detaches it, and sends whole packets by default", () => {
        assert.deepEqual(remoteCaptureCommand({ destination: "10.1.1.20", filter: "tcp port 80" }), {
            tcpdump: 'tcpdump -nn -i 0.0 -s 0 -c 10000 --remote-dest 10.1.1.20 -- "tcp port 80"',
            utilCmdArgs: `-c 'timeout 60 tcpdump -nn -i 0.0 -s 0 -c 10000 --remote-dest 10.1.1.20 -- "tcp port 80" >/dev/null 2>&1 &'`,
        });
        assert.equal(remoteCaptureCommand({ destination: "10.1.1.20", interface: "/Common/external", seconds: 5, count: 100, snapLength: 128 }).tcpdump,
            "tcpdump -nn -i /Common/external -s 128 -c 100 --remote-dest 10.1.1.20");
    });

    for (const [title, o, setting] of [
        ["a filter that would end the quote", { destination: "10.1.1.20", filter: "port 80' ; reboot ; '" }, "filter"],
        ["a filter with a command substitution", { destination: "10.1.1.20", filter: "$(reboot)" }, "filter"],
        ["a filter with backticks", { destination: "10.1.1.20", filter: "port `reboot`" }, "filter"],
        ["a filter over 1000 characters", { destination: "10.1.1.20", filter: "x".repeat(1001) }, "filter"],
        ["a destination with a route domain", { destination: "10.1.1.20%0" }, "destination"],
        ["a destination that is not an address", { destination: "10.1.1.20;id" }, "destination"],
        ["an unbounded time", { destination: "10.1.1.20", seconds: 0 }, "seconds"],
        ["too many packets", { destination: "10.1.1.20", count: 2_000_000 }, "count"],
        ["an interface with a space", { destination: "10.1.1.20", interface: "0.0 -w /tmp/x" }, "interface"],
    ] as [string, any, string][]) {
        it(`refuses ${title}, naming ${setting}`, () => {
            assert.throws(() => remoteCaptureCommand(o), (e: unknown) => e instanceof ConfigError && e.setting === setting);
        });
    }

    describe("on the device", () => {
        const box = useEmulator();
        it("POSTs exactly that command to /mgmt/tm/util/bash once, and returns what it started", async () => {
            box.e.clearLog();
            const r = await withSession(connOf(box.e), "test", (s) => startRemoteCapture(s, { destination: "10.1.1.20", seconds: 30, filter: "tcp port 80" }));
            assert.equal(r.utilCmdArgs, `-c 'timeout 30 tcpdump -nn -i 0.0 -s 0 -c 10000 --remote-dest 10.1.1.20 -- "tcp port 80" >/dev/null 2>&1 &'`);
            assert.deepEqual(box.e.bashRuns(), [r.utilCmdArgs]);
            assert.deepEqual(box.e.log.filter((l) => l.path === "/mgmt/tm/util/bash").map((l) => [l.method, l.status]), [["POST", 200]]);
        });
    });
});
