/**
 * The admin password, given once as a secret and once as a plain string, and the management certificate's private key
 * the stack generates: secret wherever they are registered, and nowhere else (issue 15: not in the BIG-IP's user data).
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Mocked, secretPaths, unwrapSecrets } from "../helpers/mocks";
import {
    NAME, PASSWORD, build, captureRegistrationErrors, coveredBySecret, defaults,
    dynamicResources, mine, mocks, pathsContaining,
} from "./fixture";

describe("CloneAcrossL3 (composed component)", () => {
    captureRegistrationErrors();

    for (const [label, password] of [
        ["secret password", () => pulumi.secret(PASSWORD)],
        ["plain-string password", () => PASSWORD],
    ] as const) {
        describe(`secrets (${label})`, () => {
            let m: Mocked;
            before(async () => {
                m = await mocks();
                await build(m, defaults({ cloneTargets: [{ virtualServer: "app_vs", context: "clientside" }] },
                    { adminPassword: password() }));
            });
            // The mock's generated key (test/helpers/mocks.ts), as PEM and as the base64 the key's secret holds.
            const needles = [PASSWORD, "PRIVATE KEY", Buffer.from("-----BEGIN PRIVATE KEY-----").toString("base64").slice(0, 24)];

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
                for (const r of [`${NAME}-bigip-admin-password-value`, `${NAME}-bigip-mgmt-key-value`]) assert.ok(carriers.has(`${r}.secretString`), r);
            });

            it("the REST password and both Secrets Manager values are listed as secret", () => {
                for (const r of dynamicResources(m)) {
                    const secrets = secretPaths(r.rawInputs);
                    assert.ok(coveredBySecret("connection.password", secrets), `${r.name}: ${secrets.join(", ")}`);
                    assert.equal(unwrapSecrets(r.rawInputs).connection.password, PASSWORD);
                }
                const value = m.named(`${NAME}-bigip-admin-password-value`);
                assert.ok(secretPaths(value.rawInputs).includes("secretString"));
                assert.equal(value.inputs.secretString, PASSWORD);
                assert.ok(secretPaths(m.named(`${NAME}-bigip-mgmt-key-value`).rawInputs).includes("secretString"));
            });

            it("neither appears in any user data, any serialized provider, or any non-secret input", () => {
                const withUserData = mine(m).filter((r) => r.inputs.userData !== undefined);
                assert.deepEqual(withUserData.map((r) => r.name).sort(), [`${NAME}-bigip-instance`, `${NAME}-collector-instance`]);
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
                assert.match(m.named(`${NAME}-bigip-instance`).inputs.userData, /^#!\/bin\/bash\n# clone-l3 first boot/, "the BIG-IP's user data is its first-boot script");
            });
        });
    }
});
