/**
 * The page's one stylesheet, inline. System fonts only (no web fonts: the page makes no
 * requests). Colours are CSS variables with a dark set for prefers-color-scheme; every text
 * colour keeps at least 4.5:1 contrast on its background (WCAG AA), checked in the browser test.
 */
export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1b1f; --muted: #555a61; --line: #8d939b; --panel: #f4f5f7; --border: #d5d8dc;
  --change: #b3261e; --mark: #8a5300; --push: #1f5fae; --good: #1e6b34; --info: #1f5fae; --warn: #8a5300; --bad: #b3261e;
  --hl: #fff2b3; --changed: #fff2b3; --focus: #1f5fae;
  --axis: 9rem;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15171a; --fg: #e9eaec; --muted: #a9aeb5; --line: #6b7178; --panel: #1f2226; --border: #3a3f45;
    --change: #ff8f85; --mark: #f2bf5e; --push: #8fb8f5; --good: #82d49a; --info: #8fb8f5; --warn: #f2bf5e; --bad: #ff8f85;
    --hl: #4a3f10; --changed: #4a3f10; --focus: #8fb8f5;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); }
header, main, footer { padding: 0 1.5rem; max-width: 100rem; margin: 0 auto; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 .3rem; }
h2 { font-size: 1.3rem; margin: 1.5rem 0 .5rem; }
h2 small, h4 small { font-weight: normal; color: var(--muted); }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
h4 { font-size: 1rem; margin: .8rem 0 .4rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .85em; }
a { color: var(--push); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.quiet, .meta, .legend { color: var(--muted); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .3rem .6rem; z-index: 10; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid var(--border); padding: .25rem .55rem; text-align: left; vertical-align: top; }
thead th { background: var(--panel); }
th small { display: block; font-weight: normal; color: var(--muted); }
.tone-good { color: var(--good); } .tone-info { color: var(--info); } .tone-warn { color: var(--warn); }
.tone-bad { color: var(--bad); font-weight: 600; } .tone-quiet { color: var(--muted); }
.badge { display: inline-block; border: 2px solid currentColor; border-radius: 1rem; padding: 0 .55rem; font-weight: 700; font-size: .85rem; }
.badge.small { border-width: 1px; font-size: .78rem; padding: 0 .4rem; }
.overview td { vertical-align: middle; }
.legend-box { border: 1px solid var(--border); border-radius: .4rem; padding: .3rem .8rem; margin: .6rem 0; background: var(--panel); }
.legend-box summary { cursor: pointer; font-weight: 600; }
.legend-box li { margin: .2rem 0; }
.key { display: inline-block; width: 2.2rem; height: .7rem; vertical-align: middle; border-bottom: 3px solid var(--line); margin-right: .3rem; }
.key.effect-change { border-color: var(--change); } .key.effect-mark { border-color: var(--mark); border-bottom-style: dashed; }
.key.pushed { border-color: var(--push); border-bottom-style: dashed; }
.tabs { display: flex; gap: .4rem; flex-wrap: wrap; margin: 1.2rem 0 0; }
.tabs button { font: inherit; padding: .35rem .9rem; border: 1px solid var(--border); border-radius: .4rem; background: var(--panel); color: var(--fg); cursor: pointer; }
.tabs button[aria-selected="true"] { background: var(--fg); color: var(--bg); border-color: var(--fg); }
.js .variant:not(.active) { display: none; }
.toolbar { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: center; margin: .4rem 0 .8rem; }
.toolbar button, .toolbar select { font: inherit; font-size: .9rem; padding: .2rem .6rem; color: var(--fg); background: var(--panel); border: 1px solid var(--border); border-radius: .3rem; }
.layout { display: grid; grid-template-columns: minmax(0, max-content) minmax(22rem, 1fr); gap: 1.2rem; align-items: start; }
@media (max-width: 70rem) { .layout { grid-template-columns: minmax(0, 1fr); } }
.diagram-wrap { overflow-x: auto; border: 1px solid var(--border); border-radius: .4rem; }
.moments { position: sticky; top: .5rem; border: 1px solid var(--border); border-radius: .4rem; padding: 0 .8rem .5rem; background: var(--bg); max-height: calc(100vh - 1rem); overflow: auto; }
.state { display: none; }
.state.last, .state:target { display: block; }
.states:has(.state:target) .state.last:not(:target) { display: none; }
.js .state, .js .states:has(.state:target) .state { display: none; }
.js .state.current { display: block; }
.matrix td.changed { background: var(--changed); }
.seq { width: calc(var(--axis) + var(--lane)); font-size: .85rem; }
.heads { display: grid; grid-template-columns: var(--axis) var(--lane); position: sticky; top: 0; z-index: 2; background: var(--panel); border-bottom: 1px solid var(--border); }
.heads .axis { padding: .4rem .6rem; color: var(--muted); }
.heads .lane { position: relative; height: 4.1rem; }
.head { position: absolute; top: .35rem; text-align: center; border: 1px solid var(--border); border-radius: .3rem; background: var(--bg); padding: .1rem .3rem; overflow: hidden; }
.head b { display: block; }
.head small { color: var(--muted); display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2; overflow: hidden; line-height: 1.25; }
.body { position: relative; }
.lifelines-wrap { position: absolute; top: 0; bottom: 0; left: var(--axis); pointer-events: none; }
.lifelines { display: block; height: 100%; }
.lifeline { stroke: var(--line); stroke-width: 1.5; stroke-dasharray: 4 4; }
.lifeline.server { stroke-width: 3; stroke-dasharray: none; }
.rows, .exchanges { list-style: none; margin: 0; padding: 0; }
.row > .lane, .line > .lane, .exchange > .lane, .detail > .lane { position: relative; min-height: 30px; padding: 3px 0 11px; }
.detail > .lane { padding-bottom: 3px; min-height: 0; }
.row:not(.group):not(.step), .line, .exchange, .detail, .moment { display: grid; grid-template-columns: var(--axis) var(--lane); }
.axis { padding: .2rem .6rem; color: var(--muted); overflow-wrap: anywhere; }
.axis time { font-variant-numeric: tabular-nums; color: var(--fg); font-weight: 600; margin-right: .3rem; }
.row.step { border-top: 1px solid var(--border); background: color-mix(in srgb, var(--panel) 60%, transparent); }
.row.step .axis { color: var(--fg); }
.moment { color: inherit; text-decoration: none; }
.moment > .lane { padding: .2rem .5rem; font-weight: 600; }
.moment:hover .text { text-decoration: underline; }
.moment[aria-current="true"] { background: var(--hl); }
.moment[aria-current="true"] .text::after { content: " ◂ shown"; font-weight: normal; color: var(--muted); }
.step-note .moment .text { font-style: italic; font-weight: normal; }
.moment .src-line { font-weight: normal; color: var(--muted); margin-left: .5rem; }
.line { cursor: pointer; list-style: none; }
.line::-webkit-details-marker { display: none; }
.toggle::before { content: "▸"; display: inline-block; width: 1em; color: var(--muted); }
details[open] > .line .toggle::before { content: "▾"; }
.label { position: relative; display: block; width: fit-content; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding: 0 .25rem; text-shadow: 0 0 2px var(--bg), 0 0 3px var(--bg), 0 0 4px var(--bg); }
.label.wrap { white-space: normal; }
.label code { font-size: .95em; }
.count { color: var(--muted); font-size: .9em; }
.repeats { display: block; color: var(--muted); line-height: 1.2; padding-bottom: .2rem; }
.arrow, .self { position: absolute; left: 0; bottom: 0; overflow: visible; pointer-events: none; }
.arrow line { stroke: var(--fg); stroke-width: 1.4; } .arrow path { fill: var(--fg); }
.arrow.strong line { stroke-width: 2.4; }
.effect-change > .lane .arrow line, .effect-change > details > .line .arrow line { stroke: var(--change); }
.effect-change > .lane .arrow path, .effect-change > details > .line .arrow path { fill: var(--change); }
.effect-mark > .lane .arrow line, .effect-mark > details > .line .arrow line { stroke: var(--mark); stroke-dasharray: 6 3; }
.effect-mark > .lane .arrow path, .effect-mark > details > .line .arrow path { fill: var(--mark); }
.pushed > .lane .arrow line, .pushed > details > .line .arrow line { stroke: var(--push); }
.pushed > .lane .arrow path, .pushed > details > .line .arrow path { fill: var(--push); }
.background > details > .line { color: var(--muted); }
.background > details > .line .arrow line { stroke: var(--line); } .background > details > .line .arrow path { fill: var(--line); }
.self rect { fill: var(--panel); stroke: var(--fg); }
.tone-warn .self rect { stroke: var(--warn); } .row.tone-warn .label { color: var(--warn); }
.row.note .label { font-style: italic; color: var(--muted); }
.exchanges { background: color-mix(in srgb, var(--panel) 55%, transparent); }
.details { color: var(--muted); }
.wire { display: none; margin: 30px 0 .3rem; padding: .3rem .6rem; background: var(--panel); border-left: 3px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
.variant:has(.trace-toggle:checked) .wire { display: block; }
.hl > .lane .label, .hl > details > .line .label, .hl > .axis { background: var(--hl); }
.explaining .row:not(.hl):not(.step) { filter: grayscale(1); }
.explaining .row:not(.hl):not(.step) .label { color: var(--muted); }
.checks li.fail { color: var(--bad); } .checks li.pass span[aria-hidden] { color: var(--good); }
.checks ul { list-style: none; padding-left: .3rem; } .checks li span[aria-hidden] { margin-right: .4rem; }
.tables { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.reasons li { margin: .2rem 0; }
.verdict { border-left: 4px solid var(--line); padding: .1rem 0 .1rem .9rem; margin: .8rem 0 1.2rem; }
.edge-good { border-color: var(--good); } .edge-info { border-color: var(--info); } .edge-warn { border-color: var(--warn); } .edge-bad { border-color: var(--bad); }
.lesson p { white-space: pre-line; max-width: 50rem; }
footer { margin-top: 2rem; padding-bottom: 2rem; color: var(--muted); font-size: .85rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  :root { --axis: 11rem; font-size: 11px; }
  .tabs, .toolbar, .skip { display: none !important; }
  .js .variant, .variant { display: block !important; break-before: page; }
  .layout { display: block; }
  .moments { position: static; max-height: none; border: none; padding: 0; }
  .moments > p.quiet { display: none; }
  .diagram-wrap { overflow: visible; border: none; }
  .heads { position: static; }
  .explaining .row:not(.hl):not(.step) { filter: none; }
}
`;
