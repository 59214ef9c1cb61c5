import { describe, expect, it } from "vitest";
import { cleanDisplayName, findTitleInText, listCapitalRuns, scoreDomainMatch } from "./brief-names.ts";

describe("scoreDomainMatch", () => {
  it.each([
    ["Calloway Federal Credit Union", "callowayfcu.org", 1],
    ["Grupo Hospitalario Levante", "ghlevante.es", 1],
    ["Frutas del Segura", "frutasdelsegura.es", 1],
    ["Meridian People Advisory", "meridianpeople.com", 1],
    ["Arcadia Systems Integration", "arcadia-si.com", 1],
    ["Board Meeting", "callowayfcu.org", 0],
    ["of Pellham", "pellhamdental.com", 0],
  ])("%s ↔ %s", (phrase, domain, expected) => {
    expect(scoreDomainMatch(phrase, domain)).toBe(expected);
  });
});

describe("names and titles", () => {
  it("cleans display names", () => {
    expect(cleanDisplayName('"Reyes, Jamal"')).toBe("Jamal Reyes");
    expect(cleanDisplayName("Dr. Katrin Vogel (Aarfeld)")).toBe("Katrin Vogel");
    expect(cleanDisplayName("x@y.com")).toBeNull();
  });

  it("reads titles written next to names", () => {
    expect(findTitleInText("Priya -- Dana is VP of Logistics Operations at Acme Freight.", "Dana Whitfield")?.title).toBe("VP of Logistics Operations");
    expect(findTitleInText("meet Walt Brennan, plant manager at Atlas's main plant (cc'd)", "Walt Brennan")?.title).toBe("plant manager");
    expect(findTitleInText("Victor Hale, COO of Pellham Dental Group.", "Victor Hale", "pellhamdental.com")).toMatchObject({ title: "COO", company: "Pellham Dental Group" });
    expect(findTitleInText("Chris, my counterpart at Gearloop.", "Chris Nakamura")).toBeNull();
  });

  it("splits capitalised runs at commas and possessives", () => {
    expect(listCapitalRuns("OEM Channel Manager, Dunmore Compressor Works")).toEqual(["OEM Channel Manager", "Dunmore Compressor Works"]);
    expect(listCapitalRuns("at Atlas Polymer's Grand Rapids plant")).toEqual(["Atlas Polymer", "Grand Rapids"]);
  });
});
