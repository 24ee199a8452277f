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

/** The sun sign of a `YYYY-MM-DD` birth date. */
export function sunSign(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  let sign = SIGNS[0][0];
  for (const [name, month, day] of SIGNS) if (m > month || (m === month && d >= day)) sign = name;
  return sign;
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

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
  const [year, month] = request.period.split('-').map(Number);
  const title = `Votre mois lunaire — ${MONTHS[month - 1]} ${year}`;
  if (source === 'hardcoded') return { title, text: HARDCODED_TEXT };
  if (!adjectives) throw new Error('interpretationText needs loadVocabulary() first');
  const words = adjectives;
  const sign = sunSign(request.birth.date);
  // Templates are per sign and month; Claude's texts (and their cached copies) are per user.
  const random = new RandomStream(hash(source === 'db_template' ? `${seed}/${sign}/${request.period}` : `${seed}/${request.user_id}/${request.period}`));
  const pick = <T>(xs: readonly T[]): T => xs[random.int(xs.length)];
  const sentences = [
    `${sign}, ${pick(PHASES)} du ${1 + random.int(28)} ${MONTHS[month - 1]} ${pick(MOODS)} ${pick(THEMES)}.`,
    `Autour de ${pick(PHASES)}, ${pick(THEMES)} ${pick(MOODS)} un élan ${pick(words)}.`,
    pick(ADVICE),
  ];
  if (source !== 'db_template') {
    sentences.unshift(`Né·e à ${request.birth.place}${request.birth.time ? ` à ${request.birth.time}` : ''}, vous abordez ce mois avec un regard ${pick(words)}.`);
  }
  return { title, text: sentences.join(' ') };
}
