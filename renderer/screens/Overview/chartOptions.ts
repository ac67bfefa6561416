/**
 * The 概览's charts as ECharts options, built from `dashboard.get`: what each draws, the caption
 * that states its definition, which list a click on a point opens, and one point a test may click.
 */
import type { Input } from '../../../shared/contract';
import { FILL_TEXT, REGISTRATIONS_TEXT, type Dashboard, type DashboardChart } from '../../../shared/domain/dashboardTypes';
import { ASPECTS } from '../../../shared/domain/evaluation';
import { FILL_BANDS, fillBand } from '../../../shared/domain/fillBands';
import type { EChartsCoreOption } from './echarts';

export type ListQuery = Omit<Input<'dashboard.list'>, 'programmeId'> & { chart: DashboardChart };

export interface PointEvent {
  seriesIndex: number;
  dataIndex: number;
  value: unknown;
}

export interface ChartSpec {
  key: string;
  title: string;
  /** The definition, printed under the chart on screen and in the report. */
  caption: string;
  /** What a click shows: on screen only. */
  hint: string;
  height: number;
  option: EChartsCoreOption;
  /** The list behind a clicked point (dashboard.list without the programme), or null when there is none. */
  pointList(e: PointEvent): ListQuery | null;
  /** A point with data, for tests to click: its series and index (the chart finds its pixel once drawn). */
  probe: { seriesIndex: number; dataIndex: number } | null;
}

const COLORS = ['#1677ff', '#52c41a', '#fa8c16', '#722ed1', '#13c2c2', '#eb2f96', '#faad14', '#2f54eb', '#a0d911', '#8c8c8c'];
const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const dayLabel = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const FONT = { fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif' };

function fillChart(d: Dashboard): ChartSpec | null {
  const fill = d.fill;
  if (!fill) return null;
  const regions = [...fill.regions].reverse(); // the first region at the top
  const data: { value: (number | string)[]; label: { show: boolean } }[] = [];
  regions.forEach((r, y) =>
    r.cells.forEach((c, x) => {
      const band = fillBand(c);
      if (band) data.push({ value: [x, y, FILL_BANDS.indexOf(band), c.filled, c.places, c.waitlisted], label: { show: true } });
    }),
  );
  const probeCell = data.find((p) => Number(p.value[3]) > 0);
  return {
    key: 'fill',
    title: `各地区各期名额完成情况（已报 ${fill.filled} / 名额 ${fill.places}${fill.waitlisted ? `，候补 ${fill.waitlisted}` : ''}）`,
    caption: `${FILL_TEXT}。格中为「已报 / 名额」，颜色同名额表。`,
    hint: '点击格子查看该地区该期的报名。',
    height: Math.max(360, regions.length * 19 + 90),
    option: {
      textStyle: FONT,
      tooltip: {
        formatter: (p: { value: number[] }) =>
          `${regions[p.value[1]].regionName} · ${d.sessions[p.value[0]].label}<br/>已报 ${p.value[3]} / 名额 ${p.value[4]}${p.value[5] ? `，候补 ${p.value[5]}` : ''}<br/>${FILL_BANDS[p.value[2]].label}`,
      },
      grid: { left: 70, right: 16, top: 36, bottom: 20 },
      xAxis: { type: 'category', position: 'top', data: d.sessions.map((s) => s.label), splitArea: { show: true } },
      yAxis: { type: 'category', data: regions.map((r) => r.regionName), axisLabel: { fontSize: 11 } },
      visualMap: {
        type: 'piecewise',
        dimension: 2,
        show: false,
        pieces: FILL_BANDS.map((b, i) => ({ value: i, label: b.label, color: b.bg })),
      },
      series: [
        {
          type: 'heatmap',
          data,
          label: { fontSize: 10, color: '#333', formatter: (p: { value: number[] }) => `${p.value[3]}/${p.value[4]}` },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
        },
      ],
    },
    pointList: (e) => {
      const v = e.value as number[];
      return { chart: 'fill', sessionId: d.sessions[v[0]].sessionId, regionCode: regions[v[1]].regionCode };
    },
    probe: probeCell ? { seriesIndex: 0, dataIndex: data.indexOf(probeCell) } : null,
  };
}

function registrationsChart(d: Dashboard): ChartSpec | null {
  const r = d.registrations;
  if (!r.dates.length) return null;
  const labels = r.dates.map(dayLabel);
  const deadlines = new Map<string, string[]>();
  for (const s of d.sessions)
    if (s.registrationDeadline && r.dates.includes(s.registrationDeadline))
      deadlines.set(s.registrationDeadline, [...(deadlines.get(s.registrationDeadline) ?? []), s.label]);
  const sessionSeries = d.sessions.map((s, k) => ({
    name: s.label,
    type: 'line',
    yAxisIndex: 0,
    data: r.sessions[k],
    symbolSize: 5,
    lineStyle: { width: 1.5 },
    color: COLORS[k % COLORS.length],
  }));
  // The deadlines as vertical lines, on the total's series (one line per date, naming its sessions).
  const markLine = {
    symbol: 'none',
    silent: true,
    lineStyle: { color: '#cf1322', type: 'dashed' },
    label: { formatter: (p: { name: string }) => p.name, color: '#cf1322', fontSize: 11, position: 'insideStartTop' },
    data: [...deadlines].map(([date, names]) => ({
      xAxis: dayLabel(date),
      name: `${names.length > 2 ? `${names[0]}–${names[names.length - 1]}` : names.join('、')}报名截止`,
    })),
  };
  const rise = r.total.map((t, i) => t - (i ? r.total[i - 1] : 0));
  const busiest = rise.indexOf(Math.max(...rise));
  return {
    key: 'registrations',
    title: `报名进度（累计 ${r.total[r.total.length - 1]} 条）`,
    caption: `${REGISTRATIONS_TEXT}。`,
    hint: '点击某一天的点查看当天收到的报名。',
    height: 380,
    option: {
      textStyle: FONT,
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 50, right: 56, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: labels, boundaryGap: false },
      yAxis: [
        { type: 'value', name: '各期', minInterval: 1 },
        { type: 'value', name: '合计', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: '合计',
          type: 'line',
          yAxisIndex: 1,
          data: r.total,
          symbolSize: 6,
          lineStyle: { width: 3 },
          areaStyle: { opacity: 0.08 },
          color: '#b71c1c',
          markLine,
        },
        ...sessionSeries,
      ],
    },
    pointList: (e) => ({
      chart: 'registrations',
      date: r.dates[e.dataIndex],
      ...(e.seriesIndex > 0 ? { sessionId: d.sessions[e.seriesIndex - 1].sessionId } : {}),
    }),
    probe: { seriesIndex: 0, dataIndex: busiest },
  };
}

function rateBars(
  key: string,
  d: Dashboard,
  title: string,
  caption: string,
  hint: string,
  rates: (number | null)[],
  tip: (k: number) => string,
  chart: DashboardChart,
): ChartSpec | null {
  if (rates.every((x) => x === null)) return null;
  const values = rates.map(pct);
  const k = values.findIndex((v) => v !== null);
  return {
    key,
    title,
    caption,
    hint,
    height: 300,
    option: {
      textStyle: FONT,
      tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => tip(p.dataIndex) },
      grid: { left: 50, right: 16, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: d.sessions.map((s) => s.label) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          data: values,
          barMaxWidth: 40,
          color: '#1677ff',
          label: { show: true, position: 'top', formatter: (p: { value: number }) => `${p.value}%` },
        },
      ],
    },
    pointList: (e) => ({ chart, sessionId: d.sessions[e.dataIndex].sessionId }),
    probe: k >= 0 ? { seriesIndex: 0, dataIndex: k } : null,
  };
}

function attendanceSlotsChart(d: Dashboard): ChartSpec | null {
  const rows = d.sessions.map((s, k) => ({ s, a: d.attendance.sessions[k] })).filter((x) => x.a.slots.some((t) => t.rate !== null));
  if (!rows.length) return null;
  const width = Math.max(...rows.map((x) => x.a.slots.length));
  const data: (number | null)[][] = [];
  rows.forEach(({ a }, y) => a.slots.forEach((t, x) => t.rate !== null && data.push([x, y, pct(t.rate)])));
  const rates = data.map((v) => Number(v[2]));
  return {
    key: 'attendanceSlots',
    title: '各期各半天出勤率',
    caption: `${d.attendance.definition}。`,
    hint: '点击格子查看该半天迟到、请假、缺勤、早退和未记录的学员。',
    height: Math.max(220, rows.length * 28 + 90),
    option: {
      textStyle: FONT,
      tooltip: {
        formatter: (p: { value: number[] }) => {
          const { s, a } = rows[p.value[1]];
          const t = a.slots[p.value[0]];
          return `${s.label} ${t.name}<br/>应到 ${t.expected}，到课 ${t.attended}（${p.value[2]}%）<br/>迟到 ${t.late} · 请假 ${t.leave} · 缺勤 ${t.absent} · 早退 ${t.leftEarly}${t.unmarked ? ` · 未记录 ${t.unmarked}` : ''}`;
        },
      },
      grid: { left: 60, right: 16, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: Array.from({ length: width }, (_, i) => `第${i + 1}个半天`), splitArea: { show: true } },
      yAxis: { type: 'category', data: rows.map((x) => x.s.label), inverse: true },
      visualMap: {
        min: Math.min(80, ...rates),
        max: 100,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 160,
        text: ['100%', `${Math.min(80, ...rates)}%`],
        inRange: { color: ['#ff4d4f', '#ffe58f', '#52c41a'] },
      },
      series: [
        {
          type: 'heatmap',
          data,
          label: { show: true, fontSize: 10, formatter: (p: { value: number[] }) => `${Math.round(p.value[2])}%` },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
        },
      ],
    },
    pointList: (e) => {
      const v = e.value as number[];
      return { chart: 'attendance', sessionId: rows[v[1]].s.sessionId, slotSeq: rows[v[1]].a.slots[v[0]].seq };
    },
    probe: { seriesIndex: 0, dataIndex: 0 },
  };
}

function satisfactionChart(d: Dashboard): ChartSpec | null {
  const s = d.satisfaction.sessions;
  if (s.every((x) => !x.responses)) return null;
  const values = ASPECTS.map((a) => s.map((x) => pct(x.aspects.find((y) => y.name === a)?.satisfaction ?? null)));
  const all = values.flat().filter((v): v is number => v !== null);
  const floor = Math.max(0, Math.floor((Math.min(...all) - 5) / 10) * 10);
  const k = s.findIndex((x) => x.responses > 0);
  return {
    key: 'satisfaction',
    title: '各期四个方面满意率',
    caption: `${d.satisfaction.definition}（一个方面的作答为其各题作答之和）。`,
    hint: '点击柱子查看该方面各题的作答、均分、满意率和学员意见。',
    height: 340,
    option: {
      textStyle: FONT,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`),
      },
      legend: { top: 0 },
      grid: { left: 50, right: 16, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: d.sessions.map((x) => `${x.label}（${s[d.sessions.indexOf(x)].responses} 份）`) },
      yAxis: { type: 'value', min: floor, max: 100, axisLabel: { formatter: '{value}%' } },
      series: ASPECTS.map((a, i) => ({ name: a, type: 'bar', data: values[i], color: COLORS[i], barMaxWidth: 18 })),
    },
    pointList: (e) => ({ chart: 'satisfaction', sessionId: d.sessions[e.dataIndex].sessionId, aspect: ASPECTS[e.seriesIndex] }),
    probe: k >= 0 ? { seriesIndex: 0, dataIndex: k } : null,
  };
}

/** Every chart the data has something to show for, in the order of the page and the report. */
export function buildCharts(d: Dashboard): ChartSpec[] {
  const att = d.attendance.sessions;
  const comp = d.completion.sessions;
  return [
    fillChart(d),
    registrationsChart(d),
    rateBars(
      'attendance',
      d,
      '各期出勤率',
      `${d.attendance.definition}。`,
      '点击柱子查看有迟到、请假、缺勤或早退的学员。',
      att.map((a) => a.rate),
      (k) => `${d.sessions[k].label}：到课 ${att[k].attended} / 应到 ${att[k].expected} 人次`,
      'attendance',
    ),
    attendanceSlotsChart(d),
    rateBars(
      'completion',
      d,
      '各期结业率',
      `${d.completion.definition}。`,
      '点击柱子查看未结业和待定的学员及原因。',
      comp.map((c) => (c.pending && !c.completed && !c.notCompleted ? null : c.rate)),
      (k) =>
        `${d.sessions[k].label}：结业 ${comp[k].completed} / ${comp[k].roster} 人<br/>不结业 ${comp[k].notCompleted} · 待定 ${comp[k].pending}`,
      'completion',
    ),
    satisfactionChart(d),
  ].filter((c): c is ChartSpec => c !== null);
}
