/**
 * Top-to-bottom layout over A4 pages for the long evaluation documents: a cursor, a new page (with
 * its repeated header) when the next block does not fit, and a footer with the page number.
 */
import { A4, fit, REGULAR, type Doc } from './pdfDocument';

export const MARGIN_X = 42.5;
export const CONTENT_W = A4.w - 2 * MARGIN_X;
const TOP = 40;
const BOTTOM = A4.h - 46;

export class Flow {
  y = TOP;
  page = 0;
  constructor(
    readonly doc: Doc,
    /** Draws the page's header from `top` and returns where the content starts. */
    private readonly header: (doc: Doc, top: number, page: number) => number,
  ) {}

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.page++;
    fit(this.doc, `第 ${this.page} 页`, MARGIN_X, A4.h - 36, CONTENT_W, 16, REGULAR, 8.5, 'center');
    this.y = this.header(this.doc, TOP, this.page);
  }

  /** Room for `h` points below the cursor, on a new page if need be; true when a page was begun. */
  ensure(h: number): boolean {
    if (this.page && this.y + h <= BOTTOM) return false;
    this.newPage();
    return true;
  }

  get bottom(): number {
    return BOTTOM;
  }
}
