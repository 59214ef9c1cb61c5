// SQL for the deal's topic leads (deal_topic_leads, created in 202611261300_recap.sql).
import { sql } from "kysely";
import type { Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import "../../db/schema-recap.ts";

type D = Pick<Deps, "db">;
export interface TopicLead { topic: string; personId: string | null; personName: string; side: Side | null; setBy: string; at: string }

export async function listTopicLeads(deps: D, dealId: string): Promise<TopicLead[]> {
  const rows = await deps.db.selectFrom("deal_topic_leads").selectAll().where("deal_id", "=", dealId).orderBy("topic").execute();
  return rows.map((r) => ({ topic: r.topic, personId: r.person_id, personName: r.person_name, side: r.side, setBy: r.actor, at: new Date(r.at).toISOString() }));
}
export async function upsertTopicLead(deps: D, l: { dealId: string; topic: string; personId: string; personName: string; side: Side | null; actor: string; at: Date }) {
  await deps.db.insertInto("deal_topic_leads").values({ deal_id: l.dealId, topic: l.topic, person_id: l.personId, person_name: l.personName, side: l.side, actor: l.actor, at: l.at })
    .onConflict((oc) => oc.columns(["deal_id", "topic"]).doUpdateSet({ person_id: sql`excluded.person_id`, person_name: sql`excluded.person_name`, side: sql`excluded.side`, actor: sql`excluded.actor`, at: sql`excluded.at` }))
    .execute();
}
export async function deleteTopicLead(deps: D, dealId: string, topic: string) {
  await deps.db.deleteFrom("deal_topic_leads").where("deal_id", "=", dealId).where("topic", "=", topic).execute();
}
