// Cue words that mark an intro sentence as the buyer's pain, the reason to act now, the
// requested next step, or urgency, in English, Spanish, German and Portuguese. Each cue
// carries a weight; a sentence's score is the sum of the cues it contains. Pure data.

export type Cue = [RegExp, number];

export const PAIN_CUES: Cue[] = [
  [/\b(struggl\w*|stitch\w*|cobbl\w*|juggl\w*|patch\w* together|duct[- ]tape)/i, 3],
  [/\b(manual(ly)?|by hand|spreadsheets?|excel|paper (packets|forms)|on paper|shared inbox|phone calls|whiteboards?|sticky notes)\b/i, 3],
  [/\b(can'?t|cannot|can not|couldn'?t|unable to|no way to|nobody can|no one can|hard to|difficult to|impossible to)\s+(see|tell|say|track|know|find|get|keep|trust|answer|predict|explain)/i, 3],
  [/\b(no (visibility|insight|monitoring|warning|way|one|single view)|nobody|no one|lack of|lacks?|without any|blind spots?|in the dark)\b/i, 2],
  [/\b(don'?t|do not|doesn'?t|does not) have (the |any |enough )?(staff|people|team|tool|visibility|budget|time|way|capacity)/i, 3],
  [/\b(pain|problem|issues?|challenge|headache|bottleneck|backlog|error-prone|errors|mistakes|complain\w*|frustrat\w*|firefight\w*|outage|downtime|breach|incident)\b/i, 1],
  [/\b(fail(ed|ure|s)?|down for|went down|lost (most|a|an|two|three|\w+ hours)|missed|missing|late|delays?|delayed|short-staffed|understaffed|overrun|blamed|churn\w*|leak\w*|waste\w*|slow(er|ly)?)\b/i, 2],
  [/\b(up|increased?|grown|grew|rose|jumped) (by )?(about |almost |nearly |over |more than )?\d+ ?%/i, 2],
  [/\btook (an average of |on average |about |almost |nearly |over )?\d+\s+(days|weeks|hours|months)\b/i, 2],
  [/\b(\d+|two|three|four|five|six|several|multiple|different) (different |separate |disconnected )?(systems|tools|instances|sources|vendors|spreadsheets|consoles)\b/i, 2],
  [/\b(today|currently|right now|at the moment)\b/i, 1],
  // Spanish
  [/\b(hojas? de c[áa]lculo|a mano|manualmente|en papel|llamadas telef[óo]nicas|no tienen|no pueden|no hay|sin visibilidad|dif[íi]cil|problemas?|retrasos?|tardan?|p[ée]rdidas?|falta de|colapso|esperas?)\b/i, 2],
  // German
  [/\b(tabellen|excel-listen|manuell|per hand|auf papier|keine (transparenz|übersicht|sicht)|k[öo]nnen nicht|fehlt|fehlende|schwierig|probleme?|verz[öo]gerungen?|dauert|ausf[äa]lle?|engpass)\b/i, 2],
  // Portuguese
  [/\b(planilhas?|manualmente|em papel|n[ãa]o t[êe]m|n[ãa]o conseguem|sem visibilidade|dif[íi]cil|problemas?|atrasos?|demora|perdas?|falta de)\b/i, 2],
];

export const WHY_NOW_CUES: Cue[] = [
  [/\b(deadline|due date|cut-?off|hard stop|go-live|goes live|launch(es|ing)?|kick-?off|season (opens|starts)|opens on|opening)\b/i, 3],
  [/\b(renewal|renews?|renewing|expir\w*|contract (ends|is up|runs out)|end of (life|support)|sunset\w*)\b/i, 3],
  [/\b(penalt\w*|fines?|charging|chargebacks?|exam|audit|regulator\w*|compliance|mandate\w*|grant|funding|closes|board( meeting)?|budget (cycle|year)|fiscal year|year-end|quarter-end|end of (the )?(quarter|year))\b/i, 3],
  [/\b(before|ahead of|in time for|by the time|well before|starts|starting|from (january|february|march|april|may|june|july|august|september|october|november|december))\b/i, 1],
  [/\b(after (the|last|a|their|our)|since (the|last)|last (month|week|quarter|year)|recent(ly)?|new (cfo|ceo|cio|cto|leadership|regulation))\b/i, 2],
  [/\b(timing matters|time-sensitive|time sensitive|urgent\w*|asap|as soon as possible|window|this quarter|next quarter|q[1-4])\b/i, 2],
  [/\b(wants?|needs?|would like|has|have) (to have |to get )?(\w+ ){0,4}in place\b/i, 2],
  // Spanish / German / Portuguese
  [/\b(plazo|fecha l[íi]mite|renovaci[óo]n|vence|cierra|subvenci[óo]n|auditor[íi]a|multas?|consejo|antes del?|temporada|urgente|normativa|entra en vigor)\b/i, 2],
  [/\b(frist|stichtag|verl[äa]ngerung|l[äa]uft .{0,20} aus|pr[üu]fung|audit|strafen?|vorstand|vor dem|dringend|f[öo]rderung|saison)\b/i, 2],
  [/\b(prazo|renova[çc][ãa]o|vence|auditoria|multas?|conselho|antes de|temporada|urgente|edital)\b/i, 2],
];

export const NEXT_STEP_CUES: Cue[] = [
  [/\b(could|can|would|will) (you|we|the two of you|you two|you both)\b/i, 2],
  [/\b(find|grab|set up|setup|schedule|book|get|put|hold|hop on|jump on|arrange|line up)\b.{0,40}\b(\d+|30|45|15|20) ?(minutes|mins|min)\b/i, 3],
  [/\b(set up|schedule|book|arrange|hold|get|grab|find time for|hop on|jump on)\b.{0,30}\b(call|meeting|session|demo|chat|intro|time|workshop|walkthrough)\b/i, 3],
  [/\b(on the calendar|on (your|the|their) calendars?|find (some )?time|reach out|get in touch|connect (with|directly)|follow up with|take it from here)\b/i, 3],
  [/\b(first|intro|introductory|discovery|kick-?off|initial) (call|meeting|session|conversation|chat)\b/i, 2],
  [/\b(would (love|like) (a|to see|to get|to set up) (demo|call|meeting|walkthrough))\b/i, 3],
  [/\b(let me know|please (reach out|connect|set up|schedule))\b/i, 1],
  // Spanish / German / Portuguese
  [/\b(podr[íi]as?|podr[íi]amos|podr[íi]an|pod[ée]is|puedes|podemos)\b/i, 2],
  [/\b(reuni[óo]n|llamada|sesi[óo]n|agendar|una demo|una primera|reunirnos|hablar)\b/i, 2],
  [/\b(k[öo]nntet|k[öo]nnten|k[öo]nnt ihr|k[öo]nnen wir|termin|gespr[äa]ch|telefonat|vereinbaren|austausch)\b/i, 2],
  [/\b(poderiam|poderia|podemos|pode|reuni[ãa]o|chamada|sess[ãa]o|agendar|conversa)\b/i, 2],
];

/** Sentences that introduce people or praise them carry no deal facts. */
export const INTRODUCTION_CUES: Cue[] = [
  [/\b(introduce|introducing|introduction|meet|connect you|connecting you|counterpart|put you in touch|cc'?d|looping in|presentar|presento|vorstellen|bekannt machen|apresentar)\b/i, 2],
  [/\b(is (great|fantastic|excellent|terrific|the best)|you'll (love|like)|she'?s great|he'?s great|they'?re great|highly recommend)\b/i, 3],
  [/\b(promised|as (discussed|mentioned|promised))\b/i, 1],
];

export const HIGH_URGENCY_CUES: RegExp[] = [
  /\b(urgent\w*|asap|as soon as possible|time-sensitive|time sensitive|timing matters|critical timeline|hard deadline|right away|immediately)\b/i,
  /\b(penalt\w*|fines?|chargebacks?|exam|audit|regulator\w*|deadline|grant\b.{0,30}\bclos\w*|board (meeting|wants|asked|needs)|go-live|season opens|opens (on )?(january|february|march|april|may|june|july|august|september|october|november|december)|contract (ends|expires)|expires?)\b/i,
  /\b(new regulation|regulation (takes|comes into) effect|takes effect|comes into force|in force from)\b/i,
  /\b(urgente|plazo|fecha l[íi]mite|multas?|auditor[íi]a|subvenci[óo]n|cierra el|normativa|entra en vigor|dringend|frist|strafen?|pr[üu]fung|sofort|tritt .{0,30}in kraft|verlangt ab|prazo|multas?|auditoria|entra em vigor|nova (lei|norma))\b/i,
];

export const LOW_URGENCY_CUES: RegExp[] = [
  /\b(no rush|no hurry|no urgency|whenever (it )?(works|suits)|at your convenience|exploratory|early stages?|just exploring|longer[- ]term|next year|later this year|sometime|no fixed timeline|sin prisa|cuando (os|les|te) venga bien|keine eile|ohne eile|sem pressa|quando for poss[íi]vel)\b/i,
];

export const MEDIUM_URGENCY_CUES: RegExp[] = [
  /\b(renewal|renews?|this quarter|next quarter|q[1-4]|budget|planning|renovaci[óo]n|verl[äa]ngerung|renova[çc][ãa]o)\b/i,
];

export function scoreCues(text: string, cues: Cue[]): number {
  let score = 0;
  for (const [re, w] of cues) if (re.test(text)) score += w;
  return score;
}
