// A consumer in TypeScript under ts-node (type-checked): types come from the installed dist/*.d.ts.
import * as pulumi from "@pulumi/pulumi";
import { CloneAcrossL3, CloneAcrossL3Args } from "@clone-l3/pulumi-clone-across-l3";
import { run } from "./harness";
// Not a type-only import: ts-node then loads, and so type-checks, the file that names every public arg type.
import "./types";

const args: CloneAcrossL3Args = {
    adminCidrs: ["203.0.113.10/32"],
    bigip: {
        sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa test@example",
        adminPassword: pulumi.secret("Sup3r-S3cret!"),
        sshPrivateKey: pulumi.secret("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABZmFrZQ==\n-----END OPENSSH PRIVATE KEY-----\n"),
    },
};

run((transformations) => new CloneAcrossL3("l3", args, { transformations }));
