/**
 * Test helper: the headings in a container that sit more than one level below the heading before
 * them, such as an h4 right after an h2, written as "h2 -> h4 <text>". Screen reader users
 * navigate by heading level, so a skipped level hides the outline of a page.
 */
export function headingLevelSkips(container: ParentNode): string[] {
  const skips: string[] = [];
  let previous = 0;
  for (const heading of Array.from(container.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    const level = Number(heading.tagName.slice(1));
    if (previous > 0 && level > previous + 1) {
      skips.push(`h${previous} -> h${level} ${heading.textContent}`);
    }
    previous = level;
  }
  return skips;
}
