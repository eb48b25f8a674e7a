/**
 * The admin password and the SSH private key, each given once as a secret and once as a plain string: secret
 * wherever they are registered, and nowhere else.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Mocked, secretPaths, unwrapSecrets } from "../helpers/mocks";
import {
    KEY_BODY, NAME, PASSWORD, PRIVATE_KEY, build, captureRegistrationErrors, coveredBySecret, defaults,
    dynamicResources, mine, mocks, pathsContaining,
} from "./fixture";

describe("CloneAcrossL3 (composed component)", () => {
    captureRegistrationErrors();

    for (const [label, password, key] of [
        ["secret password, plain-string private key", () => pulumi.secret(PASSWORD), PRIVATE_KEY],
        ["plain-string password, secret private key", () => PASSWORD, pulumi.secret(PRIVATE_KEY)],
    ] as const) {
        describe(`secrets (${label})`, () => {
            let m: Mocked;
            before(async () => {
                m = await mocks();
                await build(m, defaults({ cloneTargets: [{ virtualServer: "app_vs", context: "clientside" }] },
                    { adminPassword: password(), sshPrivateKey: key }));
            });
            const needles = [PASSWORD, KEY_BODY, "PRIVATE KEY"];

            it("every registered input carrying the password or the key is secret", () => {
                const carriers = new Set<string>();
                for (const r of mine(m)) {
                    const secrets = secretPaths(r.rawInputs);
                    for (const needle of needles) {
                        for (const p of pathsContaining(r.inputs, needle)) {
                            carriers.add(`${r.name}.${p}`);
                            assert.ok(coveredBySecret(p, secrets), `${r.name}.${p} carries ${needle === PASSWORD ? "the password" : "the key"} ` +
                                `but is not secret (secret paths: ${secrets.join(", ") || "none"})`);
                        }
                    }
                }
                // Non-vacuous: the values really are registered, where they are needed.
                const dyn = dynamicResources(m);
                assert.equal(dyn.length, 8);
                for (const r of dyn) assert.ok(carriers.has(`${r.name}.connection.password`), `${r.name} carries connection.password`);
                for (const p of ["stdin", "connection.privateKey"]) assert.ok(carriers.has(`${NAME}-bigip-onboard.${p}`), p);
            });

            it("the REST password and the onboarding stdin/connection are listed as secret", () => {
                for (const r of dynamicResources(m)) {
                    const secrets = secretPaths(r.rawInputs);
                    assert.ok(coveredBySecret("connection.password", secrets), `${r.name}: ${secrets.join(", ")}`);
                    assert.equal(unwrapSecrets(r.rawInputs).connection.password, PASSWORD);
                }
                const onboard = m.named(`${NAME}-bigip-onboard`);
                const secrets = secretPaths(onboard.rawInputs);
                assert.ok(secrets.includes("stdin"), secrets.join(", "));
                assert.ok(coveredBySecret("connection.privateKey", secrets), secrets.join(", "));
                assert.equal(onboard.inputs.stdin, `${PASSWORD}\n`);
                assert.equal(onboard.inputs.connection.privateKey, PRIVATE_KEY);
            });

            it("neither appears in any user data, any serialized provider, or any non-secret input", () => {
                const withUserData = mine(m).filter((r) => r.inputs.userData !== undefined);
                assert.equal(withUserData.length, 1, "the collector has user data");
                for (const r of mine(m)) {
                    for (const needle of needles) {
                        assert.ok(!String(r.inputs.userData ?? "").includes(needle), `${r.name} user data`);
                        assert.ok(!String(r.inputs.__provider ?? "").includes(needle), `${r.name} provider code`);
                    }
                    if (r.inputs.__provider !== undefined) {
                        assert.ok(!coveredBySecret("__provider", secretPaths(r.rawInputs)), `${r.name}: the provider code captured a secret`);
                    }
                    // Everything outside a secret envelope, as the engine would write it to state in clear.
                    const secrets = secretPaths(r.rawInputs);
                    const clear = JSON.stringify(Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !coveredBySecret(k, secrets))));
                    for (const needle of needles) assert.ok(!clear.includes(needle), `${r.name} has it in a non-secret input`);
                }
                assert.equal(m.named(`${NAME}-bigip-instance`).inputs.userData, undefined, "the BIG-IP gets no user data");
            });
        });
    }
});
