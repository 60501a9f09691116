/**
 * A sentence ends at ".", "!" or "?" followed by whitespace and a capital letter, backtick, quote
 * or bracket. A dot inside a name (securityContext.privileged) or before a lowercase word does
 * not end one.
 */
const SENTENCE_END = /^(.+?[.!?])\s+(?=[A-Z`"(])/s;

/** Splits a detection's description into its first sentence and the rest, which is '' for one sentence. */
export function splitLead(description: string): { lead: string; rest: string } {
  const match = SENTENCE_END.exec(description);
  if (!match) {
    return { lead: description, rest: '' };
  }
  return { lead: match[1], rest: description.slice(match[0].length) };
}
