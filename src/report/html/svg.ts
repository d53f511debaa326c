import type { Lifeline } from './model.js';

/**
 * Geometry of a sequence diagram's lane (the part right of the time axis), in CSS pixels. Each
 * lifeline gets a column; arrows run between column centres. Labels are HTML laid over the lane
 * (real text that wraps, selects and reads aloud), so only lines and arrowheads are SVG.
 */
export const COLUMN = 165;
export const PADDING = 16;
/** Height of one arrow row and the y of its arrow line: the label sits above the line. */
export const ROW_HEIGHT = 30;
const ARROW_Y = 24;
const HEAD = 7;

export interface Lane {
  readonly width: number;
  x(lifeline: string): number;
}

export function lane(lifelines: readonly Lifeline[]): Lane {
  const index = new Map(lifelines.map((l, i) => [l.id, i]));
  return {
    width: PADDING * 2 + COLUMN * lifelines.length,
    x: (id) => PADDING + COLUMN * (index.get(id) ?? 0) + COLUMN / 2,
  };
}

/** The dashed vertical lines, one per lifeline, drawn once behind every row. */
export function lifelinesSvg(lifelines: readonly Lifeline[], geometry: Lane): string {
  const lines = lifelines.map((l) => `<line class="lifeline ${l.kind}" x1="${geometry.x(l.id)}" x2="${geometry.x(l.id)}" y1="0" y2="100%"/>`).join('');
  return `<svg class="lifelines" width="${geometry.width}" height="100%" aria-hidden="true" focusable="false">${lines}</svg>`;
}

/** One arrow from x1 to x2 with its head at x2; `strong` for a group's summary arrow. */
export function arrowSvg(geometry: Lane, x1: number, x2: number, options: { readonly dashed?: boolean; readonly strong?: boolean } = {}): string {
  const direction = x2 >= x1 ? 1 : -1;
  const tip = x2 - direction * 2;
  const base = tip - direction * HEAD;
  const y = ARROW_Y;
  const line = `<line x1="${x1}" y1="${y}" x2="${base}" y2="${y}"${options.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
  const head = `<path d="M${tip} ${y} L${base} ${y - HEAD / 2 - 1} L${base} ${y + HEAD / 2 + 1} Z"/>`;
  return `<svg class="arrow${options.strong ? ' strong' : ''}" width="${geometry.width}" height="${ROW_HEIGHT}" aria-hidden="true" focusable="false">${line}${head}</svg>`;
}

/** A small box on a lifeline: something a device did on its own, with nothing on the wire. */
export function selfSvg(geometry: Lane, x: number): string {
  return `<svg class="self" width="${geometry.width}" height="${ROW_HEIGHT}" aria-hidden="true" focusable="false"><rect x="${x - 5}" y="${ARROW_Y - 12}" width="10" height="16" rx="2"/></svg>`;
}

/** Where an arrow's label starts (just right of its left end) and how wide it may grow. */
export function labelBox(geometry: Lane, x1: number, x2: number): { readonly left: number; readonly width: number } {
  const left = Math.min(x1, x2) + 8;
  return { left, width: geometry.width - left - 4 };
}
