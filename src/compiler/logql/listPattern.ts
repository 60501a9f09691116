import { ANY_TEXT, JSON_SPACE, literalAlternation } from '../regex';

/** Builds the fully anchored pattern for "an array of strings contains one of these values" on Loki's array text. */
export function listContainsPattern(values: string[]): string {
  return `${ANY_TEXT}[\\[,]${JSON_SPACE}"(?:${literalAlternation(values)})"${JSON_SPACE}[,\\]]${ANY_TEXT}`;
}
