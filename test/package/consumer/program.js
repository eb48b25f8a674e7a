"use strict";
// A consumer in plain JavaScript: the installed package's compiled dist/, no TypeScript anywhere.
const pulumi = require("@pulumi/pulumi");
const { CloneAcrossL3 } = require("@clone-l3/pulumi-clone-across-l3");
const { run } = require("./harness");

run((transformations) => new CloneAcrossL3("l3", {
    adminCidrs: ["203.0.113.10/32"],
    bigip: {
        sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa test@example",
        adminPassword: pulumi.secret("Sup3r-S3cret!"),
        sshPrivateKey: pulumi.secret("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABZmFrZQ==\n-----END OPENSSH PRIVATE KEY-----\n"),
    },
}, { transformations }));
