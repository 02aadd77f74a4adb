/**
 * JSON with comments (JSONC: `.devcontainer.json`, VS Code and TypeScript
 * settings) is JSON once its `//` and `/* *\/` comments are gone. They are
 * replaced by spaces, newlines kept, so every offset and line stays where it
 * was in the file and spans stay exact.
 */
export function blankJsonComments(text: string): string {
  if (!text.includes('/')) return text;
  let from = 0;
  const chunks: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const block = text[i + 1] === '*';
      let end = block ? text.indexOf('*/', i + 2) : text.indexOf('\n', i + 2);
      end = end < 0 ? text.length : block ? end + 2 : end;
      chunks.push(text.slice(from, i), text.slice(i, end).replace(/[^\n]/g, ' '));
      from = i = end;
      continue;
    }
    i++;
  }
  if (chunks.length === 0) return text;
  chunks.push(text.slice(from));
  return chunks.join('');
}
