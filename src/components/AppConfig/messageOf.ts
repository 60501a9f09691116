/** Runs a check and returns the message of the error it throws, or undefined when it passes. */
export function messageOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
