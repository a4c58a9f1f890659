/**
 * A reader for the block-style YAML subset that dvc.yaml and params.yaml are written in, so a test can check them
 * without a YAML dependency: block mappings and sequences (2-space indents), `- key: value` items, plain, quoted and
 * numeric scalars, `[a, b]` flow lists and `#` comments. Anything outside it (anchors, multi-line scalars, flow
 * maps, tabs) is refused with its line number rather than misread.
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlSubsetError extends Error {
  override readonly name = 'YamlSubsetError';
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

function scalar(raw: string, line: number): YamlValue {
  const text = raw.trim();
  if (/^(&|\*|!|\||>|\{)/.test(text)) throw new YamlSubsetError(`line ${line}: "${text}" is outside the subset`);
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new YamlSubsetError(`line ${line}: unterminated flow list`);
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((item) => scalar(item, line));
  }
  if (/^'.*'$/.test(text)) return text.slice(1, -1).replaceAll("''", "'");
  if (/^".*"$/.test(text)) return JSON.parse(text) as string;
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/** `key: rest` or `key:`; null when the text is not a mapping entry. */
function entry(text: string): [string, string] | null {
  const match = /^([^'"[\]{}#][^#]*?):(?: (.*))?$/.exec(text) ?? /^(['"])(.*?)\1:(?: (.*))?$/.exec(text);
  if (!match) return null;
  return match.length === 4 ? [match[2] ?? '', match[3] ?? ''] : [match[1] ?? '', match[2] ?? ''];
}

export function parseYamlSubset(source: string): YamlValue {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, i) => {
    if (raw.includes('\t')) throw new YamlSubsetError(`line ${i + 1}: tabs are outside the subset`);
    const text = stripComment(raw);
    if (text.trim() === '' || text === '---') return;
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), number: i + 1 });
  });
  let at = 0;

  const block = (indent: number): YamlValue => {
    const line = lines[at];
    if (!line || line.indent < indent) return null;
    return line.text.startsWith('- ') || line.text === '-' ? sequence(line.indent) : mapping(line.indent);
  };

  const nested = (parentIndent: number, sequenceParent: boolean): YamlValue => {
    const next = lines[at];
    // A sequence may sit at its key's own indent (`key:` then `- item`).
    if (
      next &&
      (next.indent > parentIndent || (!sequenceParent && next.indent === parentIndent && next.text.startsWith('-')))
    )
      return block(next.indent);
    return null;
  };

  const mapping = (indent: number): YamlValue => {
    const result: { [key: string]: YamlValue } = {};
    for (let line = lines[at]; line && line.indent === indent && !line.text.startsWith('-'); line = lines[at]) {
      const kv = entry(line.text);
      if (!kv) throw new YamlSubsetError(`line ${line.number}: expected "key: value", got "${line.text}"`);
      const [key, rest] = kv;
      if (Object.hasOwn(result, key)) throw new YamlSubsetError(`line ${line.number}: duplicate key "${key}"`);
      at++;
      result[key] = rest.trim() === '' ? nested(indent, false) : scalar(rest, line.number);
    }
    return result;
  };

  const sequence = (indent: number): YamlValue => {
    const result: YamlValue[] = [];
    for (let line = lines[at]; line && line.indent === indent && line.text.startsWith('-'); line = lines[at]) {
      const content = line.text.slice(1).trim();
      if (content === '') {
        at++;
        result.push(nested(indent, true));
      } else if (entry(content) && !content.startsWith('[')) {
        // `- key: value`: a mapping whose first entry shares the dash's line.
        lines[at] = { indent: indent + 2, text: content, number: line.number };
        result.push(mapping(indent + 2));
      } else {
        at++;
        result.push(scalar(content, line.number));
      }
    }
    return result;
  };

  const value = block(0);
  const rest = lines[at];
  if (rest) throw new YamlSubsetError(`line ${rest.number}: unexpected indentation`);
  return value;
}
