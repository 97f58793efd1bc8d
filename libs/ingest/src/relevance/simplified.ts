import * as OpenCC from 'opencc-js';

/**
 * Traditional Chinese (Taiwan, Hong Kong, many diaspora outlets) read as simplified, so that one
 * lexicon term (军演, 乌兹别克) also matches 軍演 and 烏茲別克. The conversion is OpenCC's
 * (opencc-js; Hong Kong's variants cover Taiwan's here: 衞 and 衛 both become 卫).
 */
interface Conversion {
  convert: (text: string) => string;
  /** The characters the conversion changes: text with none of them is returned as it is, at no cost. */
  traditional: Set<number>;
}

/** Its types do not resolve under the linter's module settings; this is its documented API. */
type MakeConverter = (options: { from: string; to: string }) => (text: string) => string;
const makeConverter = (OpenCC as unknown as { Converter: MakeConverter }).Converter;

const HAN_START = 0x3400;
const HAN_END = 0x9fff;
let conversion: Conversion | undefined;

/** Built on first use (about 0.2 s: every Han character is tried once). */
function load(): Conversion {
  if (conversion) return conversion;
  const convert = makeConverter({ from: 'hk', to: 'cn' });
  const traditional = new Set<number>();
  for (let code = HAN_START; code <= HAN_END; code += 1) {
    const c = String.fromCharCode(code);
    if (convert(c) !== c) traditional.add(code);
  }
  return (conversion = { convert, traditional });
}

export function toSimplified(text: string): string {
  const { convert, traditional } = load();
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= HAN_START && code <= HAN_END && traditional.has(code)) return convert(text);
  }
  return text;
}
