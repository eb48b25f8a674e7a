/** The real BIG-IP captures in ../shared/fixtures/bigip (beside the repository, in CI as on developer machines). */
import { readdirSync, readFileSync } from "fs";
import { join, resolve } from "path";

export const FIXTURES_DIR = resolve(__dirname, "..", "..", "..", "shared", "fixtures", "bigip");

export function fixtureFiles(): string[] {
    return readdirSync(FIXTURES_DIR).filter((f) => f.endsWith(".json")).sort();
}

export function fixture(file: string): any {
    return JSON.parse(readFileSync(join(FIXTURES_DIR, file), "utf8"));
}
