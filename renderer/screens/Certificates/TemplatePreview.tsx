import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { fillText, type CertField, type CertificateTemplate, type CertToken } from '../../../shared/domain/certificateTemplate';
import './certificates.css';

/** CSS pixels per millimetre: the page is laid out in real millimetres and points, then scaled to fit. */
const PX_PER_MM = 96 / 25.4;

export type Target = { kind: 'field'; id: string } | { kind: 'seal' } | { kind: 'qr' };

const FONT_FAMILY: Record<CertField['font'], string> = {
  serif: '"Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif',
  'serif-bold': '"Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif',
  kai: '"LXGW WenKai", "KaiTi", "STKaiti", "楷体", "Noto Serif CJK SC", serif',
};

function leftOf(f: CertField): number {
  return f.align === 'left' ? f.x : f.align === 'center' ? f.x - f.w / 2 : f.x - f.w;
}

const round = (n: number) => Math.max(0, Math.round(n * 2) / 2);

/**
 * The certificate at true scale (millimetres and points as printed), scaled to the width available.
 * Fields, the seal and the QR box move by dragging; positions snap to 0.5 mm.
 */
export function TemplatePreview(props: {
  template: CertificateTemplate;
  values: Record<CertToken, string>;
  images: { seal: string | null; background: string | null };
  /** Show what 套打 prints: only the variable fields (and the seal if chosen so). */
  preprinted: boolean;
  reissued: boolean;
  selected: Target | null;
  onSelect: (t: Target) => void;
  onMove: (t: Target, x: number, y: number) => void;
}) {
  const t = props.template;
  const outer = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState(800);
  useEffect(() => {
    const el = outer.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setRoom(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const k = Math.min(room / (t.paper.widthMm * PX_PER_MM), 620 / (t.paper.heightMm * PX_PER_MM));
  const drag = useRef<{ target: Target; x0: number; y0: number; cx: number; cy: number } | null>(null);

  // One set of handlers for every movable thing; which one and where it started are on the element.
  const onPointerDown = (e: ReactPointerEvent<HTMLElement>) => {
    const { kind, id, x, y } = e.currentTarget.dataset;
    const target: Target = kind === 'field' ? { kind: 'field', id: id! } : { kind: kind as 'seal' | 'qr' };
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { target, x0: Number(x), y0: Number(y), cx: e.clientX, cy: e.clientY };
    props.onSelect(target);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d) return;
    const mm = PX_PER_MM * k;
    props.onMove(d.target, round(d.x0 + (e.clientX - d.cx) / mm), round(d.y0 + (e.clientY - d.cy) / mm));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const movable = (target: Target, x: number, y: number) => ({
    'data-kind': target.kind,
    'data-id': target.kind === 'field' ? target.id : undefined,
    'data-x': x,
    'data-y': y,
  });
  const isSelected = (target: Target) =>
    props.selected?.kind === target.kind && (target.kind !== 'field' || (props.selected as { id?: string }).id === target.id);

  const showSeal = !props.preprinted || t.seal.onPreprinted;
  return (
    <div ref={outer} className="cert-preview-outer">
      <div style={{ width: t.paper.widthMm * PX_PER_MM * k, height: t.paper.heightMm * PX_PER_MM * k, overflow: 'hidden' }}>
        <div
          className="cert-page"
          data-testid="cert-page"
          data-scale={k * PX_PER_MM}
          style={{ width: `${t.paper.widthMm}mm`, height: `${t.paper.heightMm}mm`, transform: `scale(${k})` }}
        >
          {!props.preprinted && props.images.background && (
            <img className="cert-bg" src={props.images.background} alt="" draggable={false} />
          )}
          {!props.preprinted && !t.background && t.frame && (
            <>
              <div className="cert-frame" style={{ inset: '10mm', borderWidth: '2.2pt' }} />
              <div className="cert-frame" style={{ inset: '13mm', borderWidth: '0.7pt' }} />
            </>
          )}
          {showSeal && (
            <div
              className={`cert-box cert-seal${isSelected({ kind: 'seal' }) ? ' selected' : ''}`}
              data-testid="cert-seal"
              title="印章（拖动以移动）"
              style={{ left: `${t.seal.x}mm`, top: `${t.seal.y}mm`, width: `${t.seal.size}mm`, height: `${t.seal.size}mm` }}
              {...movable({ kind: 'seal' }, t.seal.x, t.seal.y)}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
            >
              {props.images.seal ? <img src={props.images.seal} alt="印章" draggable={false} /> : <span>印章区</span>}
            </div>
          )}
          <div
            className={`cert-box cert-qr${isSelected({ kind: 'qr' }) ? ' selected' : ''}`}
            data-testid="cert-qr"
            title="二维码（拖动以移动）"
            style={{ left: `${t.qr.x}mm`, top: `${t.qr.y}mm`, width: `${t.qr.size}mm`, height: `${t.qr.size}mm` }}
            {...movable({ kind: 'qr' }, t.qr.x, t.qr.y)}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
          >
            <span>二维码</span>
            {t.qr.caption && <small style={{ fontSize: '8pt' }}>{t.qr.caption}</small>}
          </div>
          {t.fields
            .filter((f) => (!props.preprinted || f.variable) && (!f.onlyReissued || props.reissued))
            .map((f) => (
              <div
                key={f.id}
                data-testid={`cert-field-${f.id}`}
                className={`cert-field${isSelected({ kind: 'field', id: f.id }) ? ' selected' : ''}`}
                title={`${f.id}（拖动以移动）`}
                style={{
                  left: `${leftOf(f)}mm`,
                  top: `${f.y}mm`,
                  width: `${f.w}mm`,
                  fontFamily: FONT_FAMILY[f.font],
                  fontWeight: f.font === 'serif-bold' ? 700 : 400,
                  fontSize: `${f.size}pt`,
                  letterSpacing: `${f.spacing}pt`,
                  textAlign: f.align,
                  whiteSpace: f.wrap ? 'normal' : 'nowrap',
                  textIndent: `${f.indent}em`,
                  lineHeight: `calc(1.2em + ${f.lineGap}pt)`,
                }}
                {...movable({ kind: 'field', id: f.id }, f.x, f.y)}
                onPointerDown={onPointerDown}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerUp}
              >
                {fillText(f.text, props.values) || '（空）'}
              </div>
            ))}
        </div>
      </div>
    </div>
  );
}
