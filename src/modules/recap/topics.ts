// What a call was about, no I/O: topic words (en/es/de/pt) over the utterances, each topic with the turns naming it.
import type { RecapLanguage } from "./templates.ts";

export const TOPICS = ["current-process", "pricing", "security", "integration", "timeline", "legal", "data", "rollout"] as const;
export type Topic = (typeof TOPICS)[number];

const TOPIC_RE: Record<Topic, RegExp> = {
  "current-process": /\b(by hand|manual(ly)?|spreadsheets?|today we|currently|a mano|hojas de cálculo|von hand|tabellen|manualmente|planilhas?)\b/iu,
  pricing: /\b(price|pricing|budget|cost|costs|discount|licen[cs]e fee|quote|precio|presupuesto|descuento|preis|budget|kosten|rabatt|preço|orçamento|desconto)\b/iu,
  security: /\b(security|secure|gdpr|residency|leave (norway|the eu|germany|spain|brazil)|host(ed|ing)?|region|encrypt\w*|seguridad|datenschutz|sicherheit|segurança|lgpd)\b/iu,
  integration: /\b(erp|connector|integrat\w*|api|sap|schnittstelle|integración|integração|conector)\b/iu,
  timeline: /\b(timeline|deadline|go-live|launch|season|by (june|july|q[1-4])|plazo|fecha límite|zeitplan|frist|prazo)\b/iu,
  legal: /\b(contract|statement of work|sow|signature|legal|msa|dpa|terms|contrato|firma|vertrag|unterschrift|assinatura)\b/iu,
  data: /\b(sample|dataset|data set|intake data|historical data|datos|daten|dados)\b/iu,
  rollout: /\b(rollout|roll out|phase|pilot|phased|despliegue|piloto|einführung|implantação)\b/iu,
};

const LABELS: Record<RecapLanguage, Record<string, string>> = {
  en: { "current-process": "Current process", pricing: "Pricing and budget", security: "Security and data residency", integration: "Integration", timeline: "Timeline", legal: "Contract and legal", data: "Data", rollout: "Rollout and phasing", competition: "Competition", resources: "Resources", other: "Other" },
  es: { "current-process": "Proceso actual", pricing: "Precio y presupuesto", security: "Seguridad y residencia de datos", integration: "Integración", timeline: "Plazos", legal: "Contrato y aspectos legales", data: "Datos", rollout: "Despliegue por fases", competition: "Competencia", resources: "Recursos", other: "Otros" },
  de: { "current-process": "Heutiger Prozess", pricing: "Preis und Budget", security: "Sicherheit und Datenstandort", integration: "Integration", timeline: "Zeitplan", legal: "Vertrag und Recht", data: "Daten", rollout: "Einführung in Phasen", competition: "Wettbewerb", resources: "Ressourcen", other: "Sonstiges" },
  pt: { "current-process": "Processo atual", pricing: "Preço e orçamento", security: "Segurança e residência de dados", integration: "Integração", timeline: "Prazos", legal: "Contrato e jurídico", data: "Dados", rollout: "Implantação em fases", competition: "Concorrência", resources: "Recursos", other: "Outros" },
};

export function topicLabel(topic: string, lang: RecapLanguage): string {
  return LABELS[lang][topic] ?? LABELS.en[topic] ?? topic;
}

/** Topics in order of first mention, each with up to two utterances (seq) naming it. */
export function detectTopics(utterances: Array<{ seq: number; text: string }>): Array<{ topic: Topic; seqs: number[] }> {
  const found = new Map<Topic, number[]>();
  for (const u of utterances) {
    for (const t of TOPICS) {
      if (!TOPIC_RE[t].test(u.text)) continue;
      const seqs = found.get(t) ?? [];
      if (seqs.length < 2) seqs.push(u.seq);
      found.set(t, seqs);
    }
  }
  return [...found].map(([topic, seqs]) => ({ topic, seqs })).sort((a, b) => a.seqs[0] - b.seqs[0]);
}

export function topicOf(text: string): Topic | null {
  return TOPICS.find((t) => TOPIC_RE[t].test(text)) ?? null;
}
