import { describe, expect, it } from "vitest";
import { detectLanguage } from "./language.ts";

const u = (speakerLabel: string, text: string) => ({ speakerLabel, text });
const EN = [
  u("Ana", "Thanks everyone for joining, we have a lot to cover on the rollout plan today."),
  u("Ben", "Sounds good. I would like to start with the integration timeline and the budget."),
  u("Ana", "Sure. The pilot starts next month and we expect the first results in early summer."),
];
const ES = [
  u("Lucía", "Buenos días a todos, gracias por venir a esta reunión sobre el proyecto del hospital."),
  u("Pablo", "Perfecto. Nosotros necesitamos los datos de las camas antes de finales de mes."),
  u("Lucía", "De acuerdo, os enviamos la propuesta técnica la semana que viene sin falta."),
];
const DE = [
  u("Jonas", "Guten Morgen zusammen, wir müssen heute über den Zeitplan und das Budget sprechen."),
  u("Mia", "Gerne. Wir schicken Ihnen die Unterlagen bis Freitag, dann können wir entscheiden."),
];

describe("detectLanguage", () => {
  it.each([[EN, "en"], [ES, "es"], [DE, "de"]])("detects %#", (utterances, language) => {
    const r = detectLanguage(utterances);
    expect(r.language).toBe(language);
    expect(r.mixed).toBe(false);
  });

  it("reports per speaker and flags a mixed conversation", () => {
    const r = detectLanguage([...EN, ...ES]);
    expect(r.mixed).toBe(true);
    expect(r.bySpeaker).toMatchObject({ Ana: "en", Ben: "en", Lucía: "es", Pablo: "es" });
  });

  it("is not swayed by short foreign greetings", () => {
    const r = detectLanguage([u("Ana", "Hola!"), u("Pablo", "Buenos días."), ...EN]);
    expect(r.language).toBe("en");
    expect(r.mixed).toBe(false);
  });

  it("judges a speaker with only short turns on their turns together", () => {
    const r = detectLanguage([...ES, u("Marta", "Sí, claro."), u("Marta", "Vale, perfecto, gracias."), u("Marta", "Nos vemos el lunes entonces.")]);
    expect(r.bySpeaker.Marta).toBe("es");
  });

  it("returns und for no text", () => {
    expect(detectLanguage([]).language).toBe("und");
  });
});

describe("detectLanguage on an hour-long call (sampled judging)", () => {
  // 120 English turns from Ana and Ben, then 60 Spanish turns from Lucía and Pablo: far past the chunks judged in full.
  const long = [...Array.from({ length: 40 }, () => EN).flat(), ...Array.from({ length: 20 }, () => ES.slice(0, 3)).flat()];
  it("still finds the main language, every speaker's language and a second language's share", () => {
    const d = detectLanguage(long);
    expect(d.language).toBe("en");
    expect(d.bySpeaker).toEqual({ Ana: "en", Ben: "en", "Lucía": "es", Pablo: "es" });
    expect(d.mixed).toBe(true);
    expect(d.shares.es).toBeGreaterThan(0.25);
    expect(d.shares.es).toBeLessThan(0.45);
  });
});
