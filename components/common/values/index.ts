/**
 * Every value type, in one place on the bottom floor: IP addresses (IPv4/IPv6, route domains `%N`), CIDRs, MACs,
 * ports, MTUs, VNIs and keys, object and device names, TLS fingerprints. User-input validation and the parsers of
 * device answers both use these; nothing here imports anything above `components/common`.
 */
export * from "./ip";
export * from "./addr";
export * from "./cidr";
export * from "./mac";
export * from "./numbers";
export * from "./names";
export * from "./fingerprint";
export * from "./canon";
