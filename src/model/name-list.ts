/**
 * Names for a message ("services: a, b, c"), cut after a few: a project with thousands of
 * services must not put thousands of names into each of thousands of messages.
 */
const SHOWN = 10;

export function nameList(names: Iterable<string>, none = 'none'): string {
  const all = [...names];
  if (all.length === 0) return none;
  const more = all.length - SHOWN;
  return more > 0 ? `${all.slice(0, SHOWN).join(', ')} and ${more} more` : all.join(', ');
}
