/**
 * The text a generation returns to the HTTP client: a plausible monthly lunar interpretation in French, built from
 * templates and a French vocabulary drawn once from a seeded faker, so that the same request in the same run reads
 * the same. Templates and the hardcoded text are deliberately generic: that is what those fallbacks serve in the
 * real API.
 *
 * Reseeding faker costs ~30 µs (its Mersenne Twister state), more than the rest of a request: faker fills the
 * vocabulary once, and each request picks from it with a cheap seeded stream. Importing faker's French locale takes
 * ~180 ms, so it is loaded only by what serves interpretations (`loadVocabulary`), not by every CLI command.
 */
import { RandomStream } from '../core/random.js';
import type { InterpretationRequest } from '../load/payload.ts';
import type { Source } from './generation.js';

const SIGNS: [string, number, number][] = [
  // sign, month, first day (the sign runs from that day to the next sign's first day)
  ['Capricorne', 1, 1], ['Verseau', 1, 20], ['Poissons', 2, 19], ['Bélier', 3, 21], ['Taureau', 4, 20],
  ['Gémeaux', 5, 21], ['Cancer', 6, 21], ['Lion', 7, 23], ['Vierge', 8, 23], ['Balance', 9, 23],
  ['Scorpion', 10, 23], ['Sagittaire', 11, 22], ['Capricorne', 12, 22],
];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const PHASES = ['la Nouvelle Lune', 'le Premier Quartier', 'la Pleine Lune', 'le Dernier Quartier'];
/** The same phases after « de » (« de le » contracts to « du »), in the same order. */
const PHASES_AFTER_DE = ['de la Nouvelle Lune', 'du Premier Quartier', 'de la Pleine Lune', 'du Dernier Quartier'];
const THEMES = ['vos relations', 'votre travail', 'votre énergie', 'vos projets', 'votre foyer', 'votre créativité'];
const MOODS = ['favorise', 'éclaire', 'met à l’épreuve', 'apaise', 'relance', 'invite à revoir'];
const ADVICE = [
  'Prenez le temps d’écouter avant de décider.',
  'Un rythme plus lent vous servira mieux qu’un effort constant.',
  'Osez formuler clairement ce que vous attendez.',
  'Les échanges de fin de mois seront décisifs.',
  'Gardez une place pour l’imprévu : il vous sera favorable.',
];

export const HARDCODED_TEXT =
  'La Lune traverse ce mois-ci chacune de ses phases : un temps pour commencer, un temps pour agir, un temps pour ' +
  'récolter et un temps pour se reposer. Écoutez votre rythme et avancez pas à pas.';

/** Sign by month × 32 + day, filled once from SIGNS: a request looks its sign up instead of scanning the table. */
const SIGN_BY_DAY: string[] = (() => {
  const table: string[] = [];
  for (let m = 1; m <= 12; m++) {
    for (let d = 1; d <= 31; d++) {
      let sign = SIGNS[0][0];
      for (const [name, month, day] of SIGNS) if (m > month || (m === month && d >= day)) sign = name;
      table[m * 32 + d] = sign;
    }
  }
  return table;
})();

/** The two-digit number at `at` in `text`, or NaN. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const units = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : NaN;
}

/** The sun sign of a `YYYY-MM-DD` birth date. */
export function sunSign(date: string): string {
  return SIGN_BY_DAY[twoDigits(date, 5) * 32 + twoDigits(date, 8)] ?? SIGNS[0][0];
}

/** FNV-1a of `text`, continuing from `h`: hashing the parts of a key one after the other hashes the whole key. */
function hashOn(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

const FNV_OFFSET = 0x811c9dc5;

/** French adjectives, drawn once from faker with a fixed seed. */
let adjectives: readonly string[] | null = null;

/** Loads the vocabulary (once); call before `interpretationText`. */
export async function loadVocabulary(): Promise<void> {
  if (adjectives) return;
  const { Faker, base, fr } = await import('@faker-js/faker');
  const faker = new Faker({ locale: [fr, base], seed: 20260124 });
  adjectives = [...new Set(Array.from({ length: 400 }, () => faker.word.adjective()))];
}

export interface InterpretationText {
  title: string;
  text: string;
}

/** The interpretation for a request, as the given source would serve it. */
export function interpretationText(request: InterpretationRequest, source: Source, seed: number): InterpretationText {
  // `YYYY-MM`, as the request schema guarantees; the text is built by concatenation, per request (~1 µs).
  const month = MONTHS[twoDigits(request.period, 5) - 1];
  const title = `Votre mois lunaire — ${month} ${Number(request.period.slice(0, 4))}`;
  if (source === 'hardcoded') return { title, text: HARDCODED_TEXT };
  if (!adjectives) throw new Error('interpretationText needs loadVocabulary() first');
  const words = adjectives;
  const sign = sunSign(request.birth.date);
  // Templates are per sign and month; Claude's texts (and their cached copies) are per user: the stream is seeded by
  // the hash of `seed/sign/period` or `seed/user/period`.
  const h = hashOn(hashOn(hashOn(hashOn(hashOn(FNV_OFFSET, String(seed)), '/'), source === 'db_template' ? sign : request.user_id), '/'), request.period);
  const random = new RandomStream(h >>> 0);
  const pick = <T>(xs: readonly T[]): T => xs[random.int(xs.length)];
  const opening = `${sign}, ${pick(PHASES)} du ${1 + random.int(28)} ${month} ${pick(MOODS)} ${pick(THEMES)}.`;
  // The impulse is the subject, so the verb agrees whatever the theme (« vos projets » would need a plural).
  const around = pick(PHASES_AFTER_DE);
  const theme = pick(THEMES);
  const mood = pick(MOODS);
  let text = `${opening} Autour ${around}, un élan ${pick(words)} ${mood} ${theme}. ${pick(ADVICE)}`;
  if (source !== 'db_template') {
    const birth = request.birth;
    text = `Né·e à ${birth.place}${birth.time ? ` à ${birth.time}` : ''}, vous abordez ce mois avec un regard ${pick(words)}. ${text}`;
  }
  return { title, text };
}
