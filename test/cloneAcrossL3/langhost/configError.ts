// A stack program whose CloneAcrossL3 refuses a plain setting: the constructor throws a ConfigError while the
// language host loads the program (before anything is registered).
import { CloneAcrossL3 } from "../../../components/cloneAcrossL3/cloneAcrossL3";

new CloneAcrossL3("l3", { adminCidrs: ["0.0.0.0/0"], existingBigip: { host: "192.0.2.10", password: "pw", tls: { insecure: true }, tunnelSourceIp: "10.0.2.5" } });
