/** The engine tests drive: the real dynamic-provider host over gRPC (test/engine). */
export { Engine, Step, HostError, sharedHost, endHostRun, stopSharedHost, typeOf, registeredEngine } from "../../engine/engine";
