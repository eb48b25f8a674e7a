/**
 * F5's published JSON schemas (../shared/reference/f5-schemas/, see SOURCES.md there) compiled with Ajv, DO's
 * custom formats registered from DO's own formats.js, so tests judge rendered documents as F5's tools would.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/** Root of F5's schemas, beside the project. */
export const F5_SCHEMAS = path.resolve(__dirname, "../../../shared/reference/f5-schemas");
const DO_DIR = path.join(F5_SCHEMAS, "declarative-onboarding-1.45.0");
const RI_FILE = path.join(F5_SCHEMAS, "runtime-init-2.0.3", "base_schema.json");

function newAjv(): Ajv {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv;
}

/** DO 1.45.0's root schema (base.schema.json, which $refs the others by file name) with DO's custom formats. */
export function doValidator(): ValidateFunction {
    const ajv = newAjv();
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const formats = require(path.join(DO_DIR, "formats.js")) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(formats)) {
        if (typeof fn === "function") ajv.addFormat(name, fn as (s: string) => boolean);
    }
    let root: string | undefined;
    for (const f of fs.readdirSync(DO_DIR).filter((n) => n.endsWith(".schema.json"))) {
        const schema = JSON.parse(fs.readFileSync(path.join(DO_DIR, f), "utf8"));
        ajv.addSchema(schema);
        if (f === "base.schema.json") root = schema.$id;
    }
    const v = ajv.getSchema(root!);
    if (!v) throw new Error("DO base schema not found");
    return v;
}

/** Runtime Init 2.0.3's base_schema.json. */
export function runtimeInitValidator(): ValidateFunction {
    return newAjv().compile(JSON.parse(fs.readFileSync(RI_FILE, "utf8")));
}

/** Errors as "instancePath: message" lines (the JSON path first), for assertion messages. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
    return (errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}`);
}
