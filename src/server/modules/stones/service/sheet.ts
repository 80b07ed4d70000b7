import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';

/** The printable sheet's grid: the same on paper from the browser and in the PDF. */
export const SHEET_COLUMNS = 4;
export const SHEET_ROWS = 5;
export const PER_PAGE = SHEET_COLUMNS * SHEET_ROWS;

const PAPER = { a4: [595.28, 841.89], letter: [612, 792] } as const;
export type Paper = keyof typeof PAPER;

/** A code's QR as SVG (medium error correction: survives a scuffed sticker). */
export function qrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

/** One SVG path of the dark modules, one unit per module. */
function modulesPath(code: string): { path: string; size: number } {
  const qr = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  let path = '';
  for (let y = 0; y < size; y += 1)
    for (let x = 0; x < size; x += 1) if (data[y * size + x]) path += `M${x} ${y}h1v1h-1z`;
  return { path, size };
}

/** The sheet as a PDF: PER_PAGE codes a page, each QR with its code printed under it. */
export async function sheetPdf(codes: string[], paper: Paper, title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Courier);
  const [width, height] = PAPER[paper];
  const margin = 36;
  const cellWidth = (width - 2 * margin) / SHEET_COLUMNS;
  const cellHeight = (height - 2 * margin) / SHEET_ROWS;
  const qrSide = Math.min(cellWidth, cellHeight - 24) - 16;
  for (let start = 0; start < Math.max(codes.length, 1); start += PER_PAGE) {
    const page = pdf.addPage([width, height]);
    codes.slice(start, start + PER_PAGE).forEach((code, index) => {
      const column = index % SHEET_COLUMNS;
      const row = Math.floor(index / SHEET_COLUMNS);
      const left = margin + column * cellWidth + (cellWidth - qrSide) / 2;
      const top = height - margin - row * cellHeight - 8;
      const { path, size } = modulesPath(code);
      // drawSvgPath puts the path's origin at (x, y) with y growing downwards.
      page.drawSvgPath(path, { x: left, y: top, scale: qrSide / size, color: rgb(0, 0, 0) });
      const textWidth = font.widthOfTextAtSize(code, 9);
      page.drawText(code, {
        x: margin + column * cellWidth + (cellWidth - textWidth) / 2,
        y: top - qrSide - 14,
        size: 9,
        font,
      });
    });
  }
  return pdf.save();
}
