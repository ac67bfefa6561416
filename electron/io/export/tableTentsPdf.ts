/**
 * 桌签: one folded A4 landscape sheet per trainee. The fold runs across the middle; the lower half
 * has the name large in the Kai face and the unit below, and the upper half is the same turned
 * 180°, so once folded into a tent the name reads from both sides of the table.
 */
import { A4, fit, KAI, REGULAR, writePdf, type Doc } from './pdfDocument';

const W = A4.h; // landscape
const H = A4.w;
const HALF = H / 2;
const SIDE = 40;

export interface TableTent {
  name: string;
  unit: string;
}

export interface TableTentsPdfData {
  title: string;
  tents: TableTent[];
  fontPath?: string;
  signal?: AbortSignal;
}

/** One face, drawn in the lower half; the caller turns the page to draw the upper one. */
function face(doc: Doc, t: TableTent): void {
  fit(doc, t.name, SIDE, HALF + 40, W - 2 * SIDE, 150, KAI, 120, 'center');
  fit(doc, t.unit, SIDE, HALF + 196, W - 2 * SIDE, 40, REGULAR, 24, 'center');
}

export async function writeTableTentsPdf(out: string, data: TableTentsPdfData): Promise<void> {
  await writePdf(out, { title: `${data.title} 桌签`, fontPath: data.fontPath, kai: true, signal: data.signal }, async (doc, pace) => {
    for (const t of data.tents) {
      doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
      face(doc, t);
      doc.save().rotate(180, { origin: [W / 2, HALF] });
      face(doc, t);
      doc.restore();
      // The fold, dashed and light, so it guides without showing on the finished tent.
      doc.save().lineWidth(0.5).strokeColor('#999999').dash(4, { space: 4 }).moveTo(0, HALF).lineTo(W, HALF).stroke().restore();
      const w = pace();
      if (w) await w;
    }
  });
}
