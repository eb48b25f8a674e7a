/**
 * Behaviours the emulator models that one device cannot show to this suite (they need a first boot, a second unit, a
 * second user, or a timing no request can force). Listed so that every README *Inference* has its entry, and the
 * report says what remains unchecked.
 */
import { Scenario } from "../types";

const skipped = (id: string, behaviour: string, source: string, assumes: string, skipReason: string): Scenario =>
    ({ id, behaviour, evidence: "Inference", source, scope: "skipped", assumes, skipReason });

const DG = "test/emulator/README.md, Device group";
const FIRST = "a BIG-IP's first boot (it happens once)";
const PAIR = "an HA pair (two devices in a sync-failover group)";

export const SKIPPED: Scenario[] = [
    skipped("device-info-values", "device-info values (MACs, ids, licence) and the same answer in every boot phase",
        "test/emulator/README.md, What F5's own client reads", "made-up values", `${FIRST}: the boot phases`),
    skipped("password-expired-answer", "a login with an expired password: 401 with the REST framework's body",
        "test/emulator/README.md, What F5's own client reads", "401", "a new install whose passwords have expired"),
    skipped("httpd-new-certificate", "httpd serves a new certificate right after `restart sys service httpd`",
        "test/emulator/README.md, First boot: the factory certificate", "at once", `${FIRST} (and restarting httpd drops every session)`),
    skipped("commit-validating-after-deadline", "a commit outliving the client's wait answers VALIDATING, then COMPLETED or FAILED",
        "test/emulator/README.md, Behaviour that is a guess (slowCommits)", "VALIDATING", "no request can make a device's commit slow"),
    skipped("util-bash-admin-role", "util/bash needs the Administrator role (another role is refused)",
        "components/bigip/objects/clonePoolAttachment.ts (terraform-provider-bigip#160)", "refused", "a second user with another role (users are not in a partition)"),
    skipped("vlan-interface-flags", "an interface item written with neither flag is untagged; tagged and untagged both true is refused",
        "test/emulator/README.md, VLANs and routes", "untagged", "binding an interface to a VLAN moves that interface's traffic on a user's device"),
    skipped("dg-profile-sync", "GRE/VXLAN profiles stop syncing with iptunnel.configsync disable", `${DG}, Placement`, "per unit", PAIR),
    skipped("dg-route-common-synced", "a route outside /LOCAL_ONLY is synced; one in /LOCAL_ONLY is not", `${DG}, Placement`, "synced", PAIR),
    skipped("dg-pool-synced", "pools are copied by config-sync", `${DG}, Placement`, "synced", PAIR),
    skipped("dg-virtual-synced", "virtual servers (and their clone pools) are copied by config-sync", `${DG}, Placement`, "synced", PAIR),
    skipped("dg-sync-details", "only the sender's iptunnel.configsync counts; indexes, FDB objects and generations on the peer",
        `${DG}, What the emulated device group does`, "as described", PAIR),
    skipped("dg-group-listing", "a pair's sync-failover group is listed by cm/device-group with the built-ins' keys", `${DG}, What the emulated device group does`,
        "type sync-failover", PAIR),
    skipped("dg-autosync-timing", "autoSync copies a change at once, from the active unit", `${DG}, What the emulated device group does`, "at once", PAIR),
    skipped("dg-standby-answer", "a standby unit's cm/failover-status answer (STANDBY, gray, 0/1 active)", `${DG}, What the emulated device group does`,
        "STANDBY", `${PAIR}: the standby unit`),
    skipped("do-declared-objects", "Declarative Onboarding creates exactly the declared VLANs, self IPs, local-only routes and db values",
        `${DG}, A pair the stack creates`, "as declared", FIRST),
    skipped("partition-common-undeletable", "deleting the Common partition is refused (text guessed)",
        "test/emulator/partitions.ts", "refused", "never attempted on a real device"),
];
