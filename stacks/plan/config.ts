/**
 * The stack configuration a plan runs with, assembled as the Pulumi CLI would: the stack file's values, then
 * `--set key=value` overrides typed per Pulumi.yaml, then Pulumi.yaml defaults for keys left unset. Secrets the
 * program needs but the file does not hold in clear text (unset, or encrypted with `secure:`) get a well-formed
 * placeholder, and are reported as such; a ciphertext is never decrypted nor printed. Secrets are never taken from
 * `--set` (secrets.ts: the environment or a file instead); `aws:region` is the one provider setting `--set` takes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../../components/common/errors";
import { secretHint } from "./secrets";

export const ROOT = path.resolve(__dirname, "../..");

export interface Declared { type?: string; default?: unknown; secret?: boolean; description?: string; items?: { type?: string } }

export interface StackConfig {
    project: string;
    stack: string;
    /** `project:key` / `aws:region` → value as the CLI hands it to the program (strings; objects as JSON). */
    values: Record<string, string>;
    /** Keys (full) whose values are secret. */
    secrets: Set<string>;
    /** Keys (short) that got a placeholder secret. */
    placeholders: string[];
    /**
     * Keys whose value is encrypted in the stack file (`secure:`, as `pulumi config set --secret` writes it): short for
     * this project's keys, full (`aws:…`) for others. The plan cannot decrypt them, so their values are not checked.
     */
    encrypted: string[];
    /** Where the values came from. */
    source: string;
}

export function loadProject(root = ROOT): { name: string; declared: Record<string, Declared> } {
    const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
    return { name: project.name, declared: project.config ?? {} };
}

/** A `--set` value typed per its Pulumi.yaml declaration; a bad value is a ConfigError naming the key. */
export function typedValue(key: string, raw: string, d: Declared): string {
    const fail = (what: string): never => { throw new ConfigError(key, `${JSON.stringify(raw)} is not ${what}`); };
    switch (d.type) {
        case "integer": if (!/^-?\d+$/.test(raw)) fail("an integer"); return raw;
        case "boolean": if (raw !== "true" && raw !== "false") fail("true or false"); return raw;
        case "string": return raw;
        case "array": {
            let v: unknown;
            try { v = JSON.parse(raw); } catch { v = raw.split(",").map((s) => s.trim()).filter(Boolean); }
            if (!Array.isArray(v)) fail("a list (JSON, or comma-separated)");
            return JSON.stringify(v);
        }
        default: // untyped keys hold objects or lists of objects, as JSON
            try { return JSON.stringify(JSON.parse(raw)); } catch { return fail("JSON (an object or a list of objects)"); }
    }
}

const asValue = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** A stand-in for a secret the plan cannot read: well-formed for its key, so the program's checks pass (never printed). */
function placeholderFor(key: string): string {
    return `[placeholder for ${key}]`;
}

/** `{ secure: "AAAB…" }`: a value `pulumi config set --secret` encrypted. */
function isEncrypted(v: unknown): v is { secure: string } {
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as any).secure === "string";
}

/** Where inside an object/list value an encrypted member sits (`pulumi config set --secret --path`), if anywhere. */
function encryptedPath(v: unknown, at: string): string | undefined {
    if (isEncrypted(v)) return at;
    if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
            const p = encryptedPath(x, Array.isArray(v) ? `${at}[${k}]` : `${at}.${k}`);
            if (p) return p;
        }
    }
    return undefined;
}

export interface ConfigOptions {
    stack?: string;
    configFile?: string;
    set?: string[];
    root?: string;
    /** Secret values by short key, from the environment or files (secrets.ts): never from `set`. */
    secretValues?: Record<string, string>;
}

/** The top-level keys of a Pulumi stack file. */
const STACK_FILE_KEYS = ["config", "encryptionsalt", "secretsprovider", "encryptedkey", "environment"];

/** The stack file's `config:` mapping; a ConfigError naming `flag` when the file is no stack file (README.md, a list…). */
function readStackFile(file: string, flag: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new ConfigError(flag, `cannot read ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
    const notStackFile = (why: string) => new ConfigError(flag, `${file} is not a stack file: ${why} (a stack file is a YAML mapping with config:, like stacks/Pulumi.dev.yaml)`);
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (e) {
        throw notStackFile(`not YAML (${(e as Error).message.split("\n")[0]})`);
    }
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== "object" || Array.isArray(doc)) throw notStackFile(`its top level is ${Array.isArray(doc) ? "a list" : `a ${typeof doc}`}`);
    const unknown = Object.keys(doc).filter((k) => !STACK_FILE_KEYS.includes(k));
    if (unknown.length) throw notStackFile(`unknown top-level key ${JSON.stringify(unknown[0])} (allowed: ${STACK_FILE_KEYS.join(", ")})`);
    const config = (doc as { config?: unknown }).config ?? {};
    if (typeof config !== "object" || Array.isArray(config) || config === null) throw new ConfigError(flag, `${file}: config: must be a mapping of key: value`);
    return config as Record<string, unknown>;
}

export function assembleConfig(opts: ConfigOptions): StackConfig {
    const root = opts.root ?? ROOT;
    const { name: project, declared } = loadProject(root);
    const stack = opts.stack ?? "dev";
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(stack) || /^\.+$/.test(stack)) {
        throw new ConfigError("--stack", `${JSON.stringify(stack)} is not a stack name (letters, digits, _ . -); for a file elsewhere, give --config-file PATH`);
    }
    const flag = opts.configFile ? "--config-file" : "--stack";
    const file = opts.configFile ?? path.join(root, "stacks", `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new ConfigError(flag, `${file} does not exist`);
    const fileConfig = readStackFile(file, flag);
    const values: Record<string, string> = {};
    const secrets = new Set<string>();
    const placeholders: string[] = [];
    const encrypted: string[] = [];
    /** This project's non-secret keys the plan needs but cannot read (encrypted), with where: refused unless --set. */
    const unreadable = new Map<string, string>();
    const fileName = path.basename(file);
    for (const [full, v] of Object.entries<unknown>(fileConfig)) {
        const [ns, key] = full.includes(":") ? full.split(":") : [project, full];
        const fullKey = `${ns}:${key}`;
        const ours = ns === project;
        if (ours && !declared[key]) throw new ConfigError(key, `is set in ${fileName} but not declared in Pulumi.yaml`);
        const inside = encryptedPath(v, key);
        if (inside !== undefined) {
            // Encrypted: the plan cannot (and should not) decrypt it, and never shows the ciphertext.
            secrets.add(fullKey);
            encrypted.push(ours ? key : fullKey);
            if (ours && (!declared[key].secret || inside !== key)) unreadable.set(key, inside);
            values[fullKey] = ours ? placeholderFor(key) : "[encrypted]";
            if (ours) placeholders.push(key);
            continue;
        }
        values[fullKey] = asValue(v);
        if (ours && declared[key].secret) secrets.add(fullKey);
    }
    /** Given in clear (--set, or a secret from the environment or a file): no longer a placeholder nor unreadable. */
    const given = (key: string) => {
        for (const list of [placeholders, encrypted]) if (list.includes(key)) list.splice(list.indexOf(key), 1);
        unreadable.delete(key);
    };
    for (const s of opts.set ?? []) {
        const eq = s.indexOf("=");
        // Not echoed: without "=" there is no telling a key from a value.
        if (eq <= 0) throw new ConfigError("--set", "needs key=value, e.g. --set encapsulation=vxlan");
        const key = s.slice(0, eq).replace(new RegExp(`^${project}:`), "");
        if (key.startsWith("aws:")) {
            // The only provider setting the program reads (the component checks availabilityZone against it).
            if (key !== "aws:region") throw new ConfigError(key, "cannot be given to the plan: only aws:region of the provider's settings changes what is planned");
            values[key] = s.slice(eq + 1);
            given(key);
            continue;
        }
        const d = declared[key];
        if (!d) throw new ConfigError(key, `is not a setting of this stack (declared in Pulumi.yaml: ${Object.keys(declared).join(", ")})`);
        if (d.secret) {
            throw new ConfigError(key, `is a secret, so it is not taken from the command line (npm writes its command line to its debug log, and ps and the shell history show it): ${secretHint(key)}. `
                + "npm has already logged this command line under ~/.npm/_logs: delete that log, and change the secret if it was a real one");
        }
        values[`${project}:${key}`] = typedValue(key, s.slice(eq + 1), d);
        secrets.delete(`${project}:${key}`);
        given(key);
    }
    for (const [key, v] of Object.entries(opts.secretValues ?? {})) {
        values[`${project}:${key}`] = v;
        secrets.add(`${project}:${key}`);
        given(key);
    }
    for (const [key, at] of unreadable) {
        throw new ConfigError(key, `${at === key ? "is" : `holds at ${at} a value`} encrypted in ${fileName} (secure:), which the plan cannot decrypt offline, ` +
            `and ${key} is not one of this stack's secrets, so the plan needs its value: give it with --set ${key}=… (or store it in clear)`);
    }
    for (const [key, d] of Object.entries(declared)) {
        if (d.default !== undefined && values[`${project}:${key}`] === undefined) values[`${project}:${key}`] = asValue(d.default);
    }
    // The secret the program will ask for: the existing BIG-IP's password, or the one a new one's first boot sets.
    const byo = (values[`${project}:existingBigipHost`] ?? "") !== "";
    for (const key of byo ? ["existingBigipPassword"] : ["adminPassword"]) {
        const full = `${project}:${key}`;
        if (values[full] !== undefined) continue;
        values[full] = placeholderFor(key);
        secrets.add(full);
        placeholders.push(key);
    }
    return { project, stack, values, secrets, placeholders, encrypted, source: path.relative(root, file) || file };
}
