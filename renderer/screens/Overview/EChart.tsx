/**
 * One ECharts canvas: made on mount, given its option, resized with its box (ResizeObserver, so
 * the window and the menu both count), disposed on unmount. A click on a data point is passed on;
 * the pixel of the spec's probe point is written to data-probe once drawn, for tests to click.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { ChartSpec, PointEvent } from './chartOptions';
import { echarts, type ECharts } from './echarts';

type ProbeSeries = {
  getRawValue(i: number): unknown;
  getData(): { getItemLayout(i: number): number[] | { x: number; y: number; width: number; height: number } | null };
};

export interface EChartHandle {
  /** The chart as a PNG data URL at twice its size, on white (for the file and the report). */
  png(): string | null;
}

export const EChart = forwardRef<EChartHandle, { spec: ChartSpec; onPoint(e: PointEvent): void }>(function EChart({ spec, onPoint }, ref) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(onPoint);
  useEffect(() => {
    click.current = onPoint;
  }, [onPoint]);

  useImperativeHandle(ref, () => ({
    png: () => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }) ?? null,
  }));

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => {
      if (e.componentType === 'series') click.current({ seriesIndex: e.seriesIndex ?? 0, dataIndex: e.dataIndex, value: e.value });
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current!;
    const el = box.current!;
    c.setOption(spec.option, true);
    const mark = () => {
      if (!spec.probe) return;
      // The drawn item's own layout: a bar's or a cell's rectangle, a line's point.
      const series = (c as unknown as { getModel(): { getSeriesByIndex(i: number): ProbeSeries | undefined } })
        .getModel()
        .getSeriesByIndex(spec.probe.seriesIndex);
      const layout = series?.getData().getItemLayout(spec.probe.dataIndex);
      const raw = series?.getRawValue(spec.probe.dataIndex);
      const at = (value: number[]) => c.convertToPixel({ seriesIndex: spec.probe!.seriesIndex }, value) as number[] | undefined;
      const p = Array.isArray(layout)
        ? layout
        : layout && 'width' in layout
          ? // A bar: just inside its top end (its base may lie below an axis that does not start at 0).
            [layout.x + layout.width / 2, Math.min(layout.y, layout.y + layout.height) + Math.min(6, Math.abs(layout.height) / 2)]
          : Array.isArray(raw) // a heatmap's cell: its [x, y] on the grid
            ? at(raw.slice(0, 2) as number[])
            : typeof raw === 'number' // a line's point on a category axis
              ? at([spec.probe.dataIndex, raw])
              : null;
      if (p && Number.isFinite(p[0]) && Number.isFinite(p[1])) el.dataset.probe = `${Math.round(p[0])},${Math.round(p[1])}`;
    };
    c.on('finished', mark);
    return () => {
      c.off('finished', mark);
    };
  }, [spec]);

  return <div ref={box} className="dashboard-chart" data-chart={spec.key} style={{ width: '100%', height: spec.height }} />;
});
