// Activity: the append-only log of who changed what.
export { logActivity, listActivity, type ActivityEntry } from "./activity.repo.ts";
