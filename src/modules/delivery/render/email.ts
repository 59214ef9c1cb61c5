// A delivery document as an email: subject, plain text and HTML (escaped). Pure.
import type { DeliveryDoc, EmailRendering } from "./doc.ts";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function renderDocEmail(doc: DeliveryDoc): EmailRendering {
  const text: string[] = [doc.title, ""];
  const html: string[] = [
    `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#111827;max-width:720px">`,
    `<h1 style="font-size:20px;margin:0 0 8px">${esc(doc.title)}</h1>`,
  ];
  if (doc.intro) { text.push(doc.intro, ""); html.push(`<p>${esc(doc.intro)}</p>`); }
  for (const s of doc.sections) {
    if (!s.lines.length && !s.note) continue;
    text.push(s.title);
    html.push(`<h2 style="font-size:16px;margin:18px 0 6px">${esc(s.title)}</h2>`);
    if (s.lines.length) {
      html.push(`<ul style="padding-left:18px;margin:0">`);
      for (const l of s.lines) { text.push(`  - ${l}`); html.push(`<li style="margin:3px 0">${esc(l)}</li>`); }
      html.push(`</ul>`);
    }
    if (s.note) { text.push(`  ${s.note}`); html.push(`<p style="color:#6b7280;font-size:13px">${esc(s.note)}</p>`); }
    text.push("");
  }
  if (doc.link) {
    text.push(`${doc.link.label}: ${doc.link.url}`, "");
    html.push(/^https?:\/\//.test(doc.link.url) ? `<p><a href="${esc(doc.link.url)}">${esc(doc.link.label)}</a></p>` : `<p>${esc(doc.link.label)}: ${esc(doc.link.url)}</p>`);
  }
  if (doc.closing?.length) { text.push(...doc.closing, ""); html.push(`<p>${doc.closing.map(esc).join("<br>")}</p>`); }
  if (doc.context) { text.push(doc.context); html.push(`<p style="color:#6b7280;font-size:12px">${esc(doc.context)}</p>`); }
  html.push(`</body></html>`);
  return { subject: doc.title, text: `${text.join("\n").trimEnd()}\n`, html: html.join("\n") };
}
