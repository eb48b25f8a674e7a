/**
 * Every scenario, in the order they run: partition-scoped writes first, then reads, then the one that tries to delete
 * the (still full) partition, then the skipped ones. Each id is written in test/emulator/README.md where the behaviour
 * is described (`[conformance: id]`); test/conformance/catalogue.test.ts keeps the two in step.
 */
import { Scenario } from "../types";
import { LTM } from "./ltm";
import { NETWORK } from "./network";
import { READ_ONLY } from "./readOnly";
import { SKIPPED } from "./skipped";
import { SOURCED } from "./sourced";
import { create, outcome } from "./util";

const PARTITION_DELETE: Scenario = {
    id: "partition-delete-nonempty", evidence: "Sourced", scope: "partition",
    source: "test/emulator/partitions.ts (F5Networks/f5-appsvcs-extension#126, 14.1.0.3; the status is Inference)",
    behaviour: "a partition that still holds objects cannot be deleted: 0107082a All objects must be removed from a partition",
    assumes: "refused 400 0107082a (All objects must be removed)",
    async run(ctx) {
        await create(ctx, "net/vlan", "keep", {});
        return { observed: await outcome(ctx.s.delete(`tm/auth/partition/${ctx.partition}`), /All objects must be removed from a partition/, "All objects must be removed") };
    },
};

export const SCENARIOS: readonly Scenario[] = [...NETWORK, ...LTM, ...SOURCED, PARTITION_DELETE, ...READ_ONLY, ...SKIPPED];
