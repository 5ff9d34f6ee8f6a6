/**
 * The parts of the .docx that docx cannot say: the font table, naming each font by its _GB2312 form
 * with the name Word and LibreOffice fall back to, and the styles, whose Normal carries 3号仿宋 (the
 * size the document grid's character pitch is reckoned from) set 0.25 pt tighter so that 28
 * characters fill the 156 mm line (5.2.3) whether or not an application snaps text to the grid.
 */
import { wordFont } from './docxText.ts';
import { BODY_PT, FONTS, type FontKey } from './gbt9704.ts';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export function fontTable(): string {
  const fonts = Object.values(FONTS)
    .map(
      ({ name, alt, family }) =>
        `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`,
    )
    .join('');
  return `${HEAD}<w:fonts ${W}>${fonts}</w:fonts>`;
}

const rFonts = (key: FontKey) =>
  `<w:rFonts ${Object.entries(wordFont(key))
    .map(([k, v]) => `w:${k}="${v}"`)
    .join(' ')}/>`;

/**
 * Not snapped to the grid: LibreOffice gives a character snapped to a grid narrower than its glyph
 * two cells, which spread 3号 text to 14 a line; the tighter spacing keeps 28 without it.
 */
export function styles(linePitch: number): string {
  const size = BODY_PT * 2;
  const run = `<w:rPr>${rFonts('fangsong')}<w:spacing w:val="-5"/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>`;
  const paragraph = `<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="${linePitch}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr>`;
  return (
    `${HEAD}<w:styles ${W}>` +
    `<w:docDefaults><w:rPrDefault>${run}</w:rPrDefault><w:pPrDefault>${paragraph}</w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>${paragraph}${run}</w:style>` +
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>' +
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
    '</w:styles>'
  );
}
