/* The widget's pure helpers, with no DOM: colours readable whatever accent the host chooses, and
 * which parts of a message become links. build.mjs inlines this file (without its `export`s)
 * before cep-chat.js; widget/test/ tests it with Node's test runner (`node --test`).
 */

/* ---------- colours: readable text whatever accent colour the host chooses ---------- */

export function parseColour(value) {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || '').trim());
  if (!hex) return null;
  const digits = hex[1].length === 3 ? hex[1].replace(/./g, '$&$&') : hex[1];
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
}

export function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export function palette(colour) {
  const accent = parseColour(colour);
  if (!accent) return null;
  const white = [255, 255, 255];
  const dark = [30, 30, 30];
  return {
    accent: colour,
    onAccent: contrast(accent, white) >= contrast(accent, dark) ? '#ffffff' : '#1e1e1e',
    accentText: contrast(accent, white) >= 4.5 ? colour : '#1e1e1e',
  };
}

/* ---------- text to DOM: links and phone numbers become links, nothing becomes HTML ---------- */

const LINK = /(https?:\/\/[^\s<>"]+|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:fr|org|gouv\.fr|com|eu)\b(?:\/[^\s<>"]*)?|(?:\+33\s?|\b0)[1-9](?:[\s.]?\d{2}){4}\b)/gi;
const TRAILING = /[.,;:!?)»]+$/;

export function hrefFor(token) {
  if (/^(\+33\s?|0)[1-9]/.test(token)) {
    const digits = token.replace(/[^\d+]/g, '');
    return 'tel:' + (digits.startsWith('+') ? digits : '+33' + digits.slice(1));
  }
  const url = /^https?:\/\//i.test(token) ? token : 'https://' + token;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch (error) {
    return null;
  }
}

/* A message as parts: plain text, or a link (web address or phone number) with its href. */
export function richTextParts(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    let token = match[0];
    const trailing = TRAILING.exec(token);
    if (trailing) token = token.slice(0, -trailing[0].length);
    const href = token && hrefFor(token);
    if (!href) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: token, href });
    last = match.index + token.length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last) });
  return parts;
}
