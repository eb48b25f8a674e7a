/** MAC addresses for the collector's tunnel device. Their one home is components/common/values/mac.ts; re-exported here. */
export { deriveMac, normalizeMac } from "../common/values/mac";
