/**
 * Kubernetes expands $(VAR) in a container's command, args and env values, and reads $$ as $.
 * Compose has already interpolated the file, so what is left is meant literally: every $ is
 * doubled so that the container gets exactly the text of the file.
 */
export function literal(text: string): string {
  return text.replaceAll('$', () => '$$');
}

export function literals(list: string[]): string[] {
  return list.map(literal);
}
