/**
 * What a person would type in tmsh to make the change one of our BIG-IP resources makes (pure), from its inputs
 * and the same kind descriptions and mappings its provider uses — for an offline plan of a stack.
 */
import { staticArpMapping } from "./arp";
import { fullPathOf, ObjectInputs, ObjectMapping } from "./provider";
import { poolMapping } from "./pool";
import { routeMapping } from "./route";
import { selfIpMapping } from "./selfIp";
import { qualify } from "./spec";
import { tmshCreate, tmshFdbRecord, tmshModify, TMSH_SAVE } from "./tmsh";
import { chainMembers, TunnelChainInputs } from "./tunnelChain";
import { tunnelMapping } from "./tunnel";
import { tunnelProfileMapping } from "./tunnelProfile";
import { virtualServerMapping } from "./virtual";
import { vlanMapping } from "./vlan";

const SINGLE: Record<string, ObjectMapping<any>> = {
    Vlan: vlanMapping, SelfIp: selfIpMapping, Route: routeMapping, Pool: poolMapping, VirtualServer: virtualServerMapping,
    TunnelProfile: tunnelProfileMapping, Tunnel: tunnelMapping, StaticArp: staticArpMapping,
};

function single(m: ObjectMapping<any>, inputs: ObjectInputs & Record<string, unknown>): string {
    const i = m.normalize(inputs);
    const spec = m.spec(i);
    // Adopting an object that exists changes only what differs; the plan shows the settings we manage.
    return i.adopt ? `${tmshModify(spec, fullPathOf(i), m.toBody(i, m.fields.filter((f) => i[f] !== undefined)))}   # adopted: only what differs is changed`
        : tmshCreate(spec, fullPathOf(i), m.toBody(i));
}

/** The tmsh lines for one resource of ours, by its type name (`Vlan`, `TunnelChain`, …) and registered inputs. */
export function tmshForResource(typeName: string, inputs: Record<string, any>): string[] {
    const m = SINGLE[typeName];
    if (m) return [single(m, inputs as ObjectInputs & Record<string, unknown>)];
    switch (typeName) {
        case "TunnelChain": {
            const c = { ...inputs, key: inputs.key ?? 0, mtu: inputs.mtu ?? 0, fdbRecord: inputs.fdbRecord ?? true, collectorMac: String(inputs.collectorMac).toLowerCase() } as TunnelChainInputs;
            const lines = chainMembers(c).map(({ m: cm, i }) => tmshCreate(cm.spec(i), fullPathOf(i), cm.toBody(i)));
            if (c.fdbRecord) lines.push(tmshFdbRecord(fullPathOf(c), c.collectorMac, c.remoteAddress));
            return [`# one iControl transaction: all of these, or none`, ...lines];
        }
        case "ClonePoolAttachment":
            return [`modify ltm virtual ${qualify(inputs.virtualServer)} clone-pools add { ${qualify(inputs.pool)} { context ${inputs.context} } }`,
                ...(inputs.allowListPatch === true ? ["# WARNING allowListPatch: where util/bash is refused, the whole clonePools list is rewritten;"
                    + " a clone pool another writer adds at the same moment can be lost"] : [])];
        case "UnderlayCheck":
            return [`# read-only check: ${inputs.localAddress} is a self IP on a VLAN with mtu >= ${inputs.requiredMtu}, and ${inputs.remoteAddress} is routed`
                + (inputs.haPair === true ? "; an HA pair unit: tunnel config-sync must be off" : ""),
                `list net self; list net vlan; list net route${inputs.haPair === true ? "; list sys db iptunnel.configsync" : ""}`];
        case "ConfigSave":
            return [TMSH_SAVE];
        case "FdbRecord":
            return [tmshFdbRecord(qualify(inputs.tunnel), String(inputs.name).toLowerCase(), inputs.endpoint)];
        default:
            return [`# ${typeName} ${inputs.name ?? ""}: no tmsh equivalent`];
    }
}
