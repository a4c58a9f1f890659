/**
 * Parser for the LFW `pairs.txt` format: line 1 `<folds>\t<n>`, then for each fold `n` same-person lines
 * `name\ti\tj` followed by `n` different-person lines `name1\ti\tname2\tj`.
 */

/** One verification trial: two images that show the same person (genuine) or two different people (impostor). */
export interface ImagePair {
  /** 0-based position in the file, stable across runs: the pair's id in every output. */
  index: number;
  /** 0-based fold the pair belongs to (LFW folds are identity-disjoint). */
  fold: number;
  genuine: boolean;
  /** Image paths relative to the dataset folder, `<name>/<name>_<i as 4 digits>.jpg`. */
  a: string;
  b: string;
  /** 1-based line in pairs.txt, for messages. */
  line: number;
}

export interface PairsFile {
  folds: number;
  pairsPerFold: number;
  pairs: ImagePair[];
}

/** pairs.txt does not follow the LFW format; `line` is 1-based (0 = the file as a whole). */
export class PairsFormatError extends Error {
  override readonly name = 'PairsFormatError';
  constructor(
    readonly source: string,
    readonly line: number,
    detail: string,
  ) {
    super(line > 0 ? `${source}, line ${line}: ${detail}` : `${source}: ${detail}`);
  }
}

/** LFW's image naming: the image index is zero-padded to four digits. */
export function imagePath(name: string, index: number): string {
  return `${name}/${name}_${String(index).padStart(4, '0')}.jpg`;
}

const POSITIVE_INT = /^[1-9]\d*$/;
// Names become path segments: refuse anything that could climb out of the dataset folder.
const SAFE_NAME = /^(?!\.\.?$)[^/\\\0]+$/;

/** A line's whitespace-separated fields, narrowed to exactly `count` of them so each can be read. */
type Fields<N extends number, Taken extends string[] = []> = Taken['length'] extends N
  ? Taken
  : Fields<N, [...Taken, string]>;

function hasFields<N extends number>(fields: readonly string[], count: N): fields is Fields<N> {
  return fields.length === count;
}

/** Parse pairs.txt text; every deviation from the format is a {@link PairsFormatError} naming the line. */
export function parsePairs(text: string, source = 'pairs.txt'): PairsFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.at(-1)?.trim() === '') lines.pop();
  const [headerLine, ...body] = lines;
  if (headerLine === undefined) throw new PairsFormatError(source, 0, 'the file is empty');

  const header = headerLine.trim().split(/\s+/);
  if (!hasFields(header, 2) || !POSITIVE_INT.test(header[0]) || !POSITIVE_INT.test(header[1])) {
    throw new PairsFormatError(source, 1, `expected a header "<folds><TAB><pairs per fold>", got "${headerLine}"`);
  }
  const folds = Number(header[0]);
  const pairsPerFold = Number(header[1]);
  const expected = folds * pairsPerFold * 2;
  if (body.length !== expected) {
    throw new PairsFormatError(
      source,
      0,
      `the header promises ${folds} fold(s) x ${pairsPerFold} same + ${pairsPerFold} different = ${expected} pair lines, ` +
        `but the file has ${body.length}`,
    );
  }

  const pairs: ImagePair[] = [];
  for (const [k, bodyLine] of body.entries()) {
    const line = k + 2;
    const fold = Math.floor(k / (2 * pairsPerFold));
    const genuine = k % (2 * pairsPerFold) < pairsPerFold;
    const fields = bodyLine.trim().split(/\s+/);
    const index = (raw: string): number => {
      if (!POSITIVE_INT.test(raw)) {
        throw new PairsFormatError(source, line, `image number "${raw}" is not a positive integer`);
      }
      return Number(raw);
    };
    const name = (raw: string): string => {
      if (!SAFE_NAME.test(raw)) throw new PairsFormatError(source, line, `"${raw}" is not a usable identity name`);
      return raw;
    };
    if (genuine) {
      if (!hasFields(fields, 3)) {
        throw new PairsFormatError(
          source,
          line,
          `expected a same-person line "name<TAB>i<TAB>j" (fold ${fold + 1}), got ${fields.length} field(s)`,
        );
      }
      const person = name(fields[0]);
      pairs.push({
        index: k,
        fold,
        genuine,
        a: imagePath(person, index(fields[1])),
        b: imagePath(person, index(fields[2])),
        line,
      });
    } else {
      if (!hasFields(fields, 4)) {
        throw new PairsFormatError(
          source,
          line,
          `expected a different-person line "name1<TAB>i<TAB>name2<TAB>j" (fold ${fold + 1}), got ${fields.length} field(s)`,
        );
      }
      pairs.push({
        index: k,
        fold,
        genuine,
        a: imagePath(name(fields[0]), index(fields[1])),
        b: imagePath(name(fields[2]), index(fields[3])),
        line,
      });
    }
  }
  return { folds, pairsPerFold, pairs };
}
