/**
 * ConfigSave: `sys config save` after our configuration changed, so it survives a reboot. Give it the
 * outputs of the resources it must follow as `triggers` (and depend on them): any change saves again. It also saves
 * when this run changed the device in any other way (rest/unsaved.ts): the engine diffs it only once every resource
 * it follows is done, so a create, an update or a drift repaired after a refresh is saved once per run — creates and
 * updates do not save one by one. (A preview changes nothing, so it shows this save only when the triggers change.)
 */
import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { hasUnsavedChanges, withDeviceSession } from "../rest";
import { BigIpConnection } from "../rest/types";
import { BigIpResource, CommonArgs } from "./common";
import { deviceKey, mayMoveDevice } from "./connection";
import { checkInputs, sameValue, saveConfig } from "./provider";

export interface ConfigSaveInputs {
    connection: BigIpConnection;
    name: string;
    triggers: unknown[];
}

export const configSaveProvider: dynamic.ResourceProvider<ConfigSaveInputs> = {
    async check(_olds, news) {
        return checkInputs(news as any, () => undefined);
    },
    async diff(_id, olds, news) {
        const changes = !sameValue(olds.triggers, news.triggers) || !sameValue(olds.connection, news.connection)
            || hasUnsavedChanges(deviceKey(news.connection));
        const moved = mayMoveDevice(olds.connection, news.connection);
        return { changes, replaces: moved ? ["connection"] : [] };
    },
    async create(i) {
        await withDeviceSession(i.connection, "saving the configuration", saveConfig);
        return { id: `${deviceKey(i.connection)}/sys-config`, outs: { ...i, fullPath: "sys config" } };
    },
    async update(_id, _olds, news) {
        await withDeviceSession(news.connection, "saving the configuration", saveConfig);
        return { outs: { ...news, fullPath: "sys config" } };
    },
    async read(id, props) {
        return { id, props, inputs: props };
    },
    // Nothing to undo: each of our deletes saves the configuration itself.
    async delete() {
        return;
    },
};

export interface ConfigSaveArgs extends Pick<CommonArgs, "connection"> {
    /** Values whose change means "our configuration changed": typically the outputs of every BIG-IP resource. */
    readonly triggers: pulumi.Input<pulumi.Input<unknown>[]>;
}

/** Saves the running configuration to disk whenever `triggers` change. */
export class ConfigSave extends BigIpResource {
    constructor(name: string, args: ConfigSaveArgs, opts?: pulumi.CustomResourceOptions) {
        super("ConfigSave", name, { ...args }, [], opts);
    }
}
