'use strict';
// A submission's per-sample plots (SPEC "Curves, distributions and validation metrics"): a curve against the measured
// one, the empirical CDFs of draws and observations, and u-pooling's PIT histogram. Plain SVG built with DOM calls:
// every name and figure goes in as a text node or an attribute, never as markup.

// one global, drawSamplePlots: the pages' scripts share one scope, and these helpers' names are common ones
(() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const PLOT = { width: 360, height: 250, left: 62, right: 16, top: 12, bottom: 46 };
  const COLOUR = { predicted: '#1d5fa8', measured: '#b4441d', grid: '#e3e6ea', axis: '#5b6573' };

  function svgEl(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === 'text') node.textContent = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  /**
   * Draws the {@code plots} of a submission's answer into {@code box}, replacing what it held: one figure per quantity,
   * with a chooser of the sample where it has more than one. Returns how many figures it drew.
   */
  function drawSamplePlots(box, plots) {
    box.replaceChildren();
    for (const [id, q] of Object.entries(plots || {})) {
      const samples = (q.samples || []).filter(s => Array.isArray(s.predicted) && s.predicted.length > 0);
      if (q.kind === 'curve' && samples.length > 0) box.append(sampleFigure(id, q, samples, 'curve'));
      if (q.kind === 'distribution' && samples.length > 0) box.append(sampleFigure(id, q, samples, 'cdf'));
      if (Array.isArray(q.pit) && q.pit.length > 0) box.append(pitFigure(id, q));
    }
    return box.childElementCount;
  }

  /** A quantity's figure for one sample at a time, the sample chosen above it: a phone shows one plot, wide enough to read. */
  function sampleFigure(id, q, samples, kind) {
    const unit = unitShown(q.unit);
    const measured = samples[0].measured !== undefined;
    const title = id + (kind === 'curve' ? (measured ? ': predicted against measured curve' : ': predicted curve')
      : (measured ? ': empirical CDFs, predicted and measured' : ': empirical CDF of the draws'));
    const node = el('figure', { class: 'plot sample-plot', 'data-quantity': id, 'data-kind': kind });
    const holder = el('div', { class: 'svg-box' });
    const caption = el('figcaption', { class: 'hint' });
    const draw = sample => {
      holder.replaceChildren(kind === 'curve' ? curvePlot(id, q, sample, unit) : cdfPlot(id, q, sample, unit));
      caption.replaceChildren(legend(sample.measured !== undefined, kind === 'cdf'), el('span', { class: 'counts', text: counts(sample, kind) }));
    };
    node.append(el('h4', { text: title }));
    if (samples.length > 1) {
      const chooser = el('select', { 'aria-label': 'Sample of ' + id, class: 'sample-chooser' },
        ...samples.map((s, i) => el('option', { value: String(i), text: s.sample_id })));
      chooser.addEventListener('change', () => draw(samples[Number(chooser.value)]));
      node.append(el('label', { class: 'sample-label' }, 'Sample ', chooser, el('span', { class: 'hint', text: ' (' + samples.length + ' samples)' })));
    } else {
      node.append(el('p', { class: 'sample-label', text: 'Sample ' + samples[0].sample_id }));
    }
    node.append(holder, caption);
    draw(samples[0]);
    return node;
  }

  /** A legend's entry: a short line in the side's colour (a class: the pages' policy allows no style attribute), then its name. */
  function key(side, text, dashed) {
    return el('span', { class: 'key' }, el('span', { class: 'swatch ' + side + (dashed ? ' dashed' : '') }), text);
  }

  function legend(measured, dashed) {
    const keys = el('span', { class: 'keys' }, key('predicted', 'predicted', dashed && measured));
    if (measured) keys.append(key('measured', 'measured'));
    return keys;
  }

  function counts(sample, kind) {
    const what = kind === 'curve' ? 'points' : 'values';
    const told = (n, shown) => n + (n > shown ? ' (' + shown + ' drawn)' : '');
    let text = told(sample.predicted_n, sample.predicted.length) + ' predicted ' + what;
    if (sample.measured !== undefined) text += ', ' + told(sample.measured_n, sample.measured.length) + ' measured';
    else text += '; the measured ' + (kind === 'curve' ? 'curve shows' : 'values show') + ' at the reveal';
    return text + '.';
  }

  /** Round ticks from {@code low} to {@code high}: a step of 1, 2 or 5 times a power of ten, some 4 to 6 of them. */
  function ticks(low, high) {
    if (!(high > low)) {
      const pad = Math.abs(low) * 0.1 || 1;
      low -= pad;
      high += pad;
    }
    const power = Math.pow(10, Math.floor(Math.log10((high - low) / 5)));
    const step = [1, 2, 2.5, 5, 10].map(f => f * power).find(s => (high - low) / s <= 6);
    const from = Math.floor(low / step + 1e-9) * step;
    const to = Math.ceil(high / step - 1e-9) * step;
    const values = [];
    for (let v = from; v <= to + step / 2; v += step) values.push(Number(v.toPrecision(12)));
    return values;
  }

  /**
   * Ticks of a log axis, as log10 of round values (1, 2, 5 times a power of ten; every digit within one decade),
   * from the one at or below {@code low} to the one at or above {@code high}, both given as log10.
   */
  function logTicks(low, high) {
    if (!(high > low)) {
      low -= 0.1;
      high += 0.1;
    }
    const span = high - low;
    const mantissas = span > 3 ? [1] : span > 1 ? [1, 2, 5] : [1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9];
    const candidates = [];
    for (let k = Math.floor(low) - 1; k <= Math.ceil(high) + 1; k++) for (const m of mantissas) candidates.push(k + Math.log10(m));
    const from = candidates.filter(c => c <= low + 1e-12).pop();
    const to = candidates.find(c => c >= high - 1e-12);
    return candidates.filter(c => c >= from - 1e-12 && c <= to + 1e-12);
  }

  /**
   * An empty plot: its frame, grid, tick labels and axis titles, with the scales from data to the SVG's coordinates. An
   * axis in {@code log} takes log10 of its values, and its ticks are labelled with the values themselves.
   */
  function frame(label, xTicks, yTicks, xTitle, yTitle, log) {
    const tick = (v, logged) => figure(logged ? Number(Math.pow(10, v).toPrecision(3)) : v);
    const { width, height, left, right, top, bottom } = PLOT;
    const x0 = xTicks[0], x1 = xTicks[xTicks.length - 1], y0 = yTicks[0], y1 = yTicks[yTicks.length - 1];
    const sx = v => left + (v - x0) / (x1 - x0) * (width - left - right);
    const sy = v => height - bottom - (v - y0) / (y1 - y0) * (height - top - bottom);
    const root = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': label, class: 'sample-svg' },
      svgEl('title', { text: label }));
    const grid = svgEl('g', { class: 'grid', stroke: COLOUR.grid, 'stroke-width': 1 });
    const labels = svgEl('g', { class: 'ticks', fill: COLOUR.axis, 'font-size': 12 });
    // a label that would touch another is left out (its grid line stays): a log axis packs its ticks at one end, where
    // the round ones (10, then 20 and 50) are kept first
    const rank = v => {
      if (!(log && log.x)) return 0;
      const mantissa = Number(Math.pow(10, v - Math.floor(v + 1e-9)).toPrecision(6));
      return mantissa === 1 ? 0 : mantissa === 2 || mantissa === 5 ? 1 : 2;
    };
    const placed = [];
    for (const v of xTicks) grid.append(svgEl('line', { x1: sx(v), x2: sx(v), y1: top, y2: height - bottom }));
    for (const v of xTicks.slice().sort((a, b) => rank(a) - rank(b))) {
      const text = tick(v, log && log.x);
      const half = text.length * 4;
      if (placed.some(([from, to]) => sx(v) - half < to + 8 && sx(v) + half > from - 8)) continue;
      placed.push([sx(v) - half, sx(v) + half]);
      labels.append(svgEl('text', { x: sx(v), y: height - bottom + 16, 'text-anchor': 'middle', text }));
    }
    let free = Infinity;
    for (const v of yTicks) {
      grid.append(svgEl('line', { x1: left, x2: width - right, y1: sy(v), y2: sy(v) }));
      if (sy(v) + 7 > free) continue;
      free = sy(v) - 7;
      labels.append(svgEl('text', { x: left - 5, y: sy(v) + 4, 'text-anchor': 'end', text: tick(v, log && log.y) }));
    }
    root.append(grid, labels,
      svgEl('rect', { x: left, y: top, width: width - left - right, height: height - top - bottom, fill: 'none', stroke: COLOUR.axis }),
      svgEl('text', { class: 'axis-title x-title', x: left + (width - left - right) / 2, y: height - 8, 'text-anchor': 'middle', 'font-size': 13, fill: COLOUR.axis, text: xTitle }),
      svgEl('text', { class: 'axis-title y-title', x: 0, y: 0, transform: 'translate(14 ' + (top + (height - top - bottom) / 2) + ') rotate(-90)',
        'text-anchor': 'middle', 'font-size': 13, fill: COLOUR.axis, text: yTitle }));
    return { root, sx, sy };
  }

  function withUnit(name, unit) {
    return unit ? name + ' [' + unit + ']' : name;
  }

  /** Values as the quantity is scored: log10 of each for {@code transform: log10} (a value at or below 0 left out), else as they are. */
  function scaled(q, values) {
    return q.transform === 'log10' ? values.filter(v => v > 0).map(Math.log10) : values;
  }

  /** The predicted polyline against the measured one, a marker on each measured point. */
  function curvePlot(id, q, sample, unit) {
    const log = q.transform === 'log10';
    const usable = points => points.filter(p => p[0] !== null && p[1] !== null && (!log || p[1] > 0)).map(p => [p[0], log ? Math.log10(p[1]) : p[1]]);
    const predicted = usable(sample.predicted);
    const measured = usable(sample.measured || []);
    const all = predicted.concat(measured);
    const xs = ticks(Math.min(...all.map(p => p[0])), Math.max(...all.map(p => p[0])));
    const low = Math.min(...all.map(p => p[1])), high = Math.max(...all.map(p => p[1]));
    // a little room above and below, so that a marker on the lowest or highest point is not cut by the frame
    const ys = (log ? logTicks : ticks)(low - (high - low) * 0.03, high + (high - low) * 0.03);
    const { root, sx, sy } = frame('Predicted and measured curve of sample ' + sample.sample_id, xs, ys,
      withUnit(q.x || 'x', unitShown(q.x_unit)), withUnit(id, unit) + (log ? ', log scale' : ''), { y: log });
    const line = (points, cls, colour) => svgEl('path', { class: cls, fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-linejoin': 'round',
      d: points.map((p, i) => (i === 0 ? 'M' : 'L') + sx(p[0]).toFixed(2) + ' ' + sy(p[1]).toFixed(2)).join(' ') });
    if (measured.length > 0) {
      root.append(line(measured, 'measured', COLOUR.measured));
      const markers = svgEl('g', { class: 'measured-points', fill: '#fff', stroke: COLOUR.measured, 'stroke-width': 1.5 });
      for (const p of measured) markers.append(svgEl('circle', { cx: sx(p[0]).toFixed(2), cy: sy(p[1]).toFixed(2), r: 3 }));
      root.append(markers);
    }
    root.append(line(predicted, 'predicted', COLOUR.predicted));
    return root;
  }

  /** Each side's empirical CDF as a step line: one rise of 1/n at each sorted value. */
  function cdfPlot(id, q, sample, unit) {
    const predicted = scaled(q, sample.predicted.filter(v => v !== null));
    const measured = scaled(q, (sample.measured || []).filter(v => v !== null));
    const all = predicted.concat(measured);
    const xs = (q.transform === 'log10' ? logTicks : ticks)(Math.min(...all), Math.max(...all));
    const { root, sx, sy } = frame('Empirical CDFs of sample ' + sample.sample_id, xs, [0, 0.2, 0.4, 0.6, 0.8, 1],
      withUnit(id, unit) + (q.transform === 'log10' ? ', log scale' : ''), 'fraction at or below', { x: q.transform === 'log10' });
    const steps = (values, cls, colour, dash) => {
      const n = values.length;
      let d = 'M' + sx(xs[0]).toFixed(2) + ' ' + sy(0).toFixed(2);
      values.forEach((v, k) => { d += ' H' + sx(v).toFixed(2) + ' V' + sy((k + 1) / n).toFixed(2); });
      d += ' H' + sx(xs[xs.length - 1]).toFixed(2);
      return svgEl('path', { class: cls, d, fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': dash });
    };
    if (measured.length > 0) root.append(steps(measured, 'measured', COLOUR.measured, null));
    root.append(steps(predicted, 'predicted', COLOUR.predicted, measured.length > 0 ? '5 3' : null));
    return root;
  }

  /** u-pooling's PIT values in 10 bins of [0, 1], with the count each bin holds when the predictions are calibrated. */
  function pitFigure(id, q) {
    const u = q.pit.filter(v => v !== null);
    // more rows than a plot is sent come as evenly spaced order statistics: each stands for rows / sent of them
    const rows = q.pit_n || u.length;
    const bins = new Array(10).fill(0);
    for (const v of u) bins[Math.min(9, Math.max(0, Math.floor(v * 10)))] += rows / u.length;
    bins.forEach((count, b) => { bins[b] = Math.round(count); });
    const uniform = rows / 10;
    const ys = ticks(0, Math.max(uniform, ...bins));
    const { root, sx, sy } = frame('PIT histogram of ' + id, [0, 0.2, 0.4, 0.6, 0.8, 1], ys, 'u = Φ((m − p) / s)', 'rows per bin');
    const bars = svgEl('g', { class: 'pit-bars', fill: COLOUR.predicted, 'fill-opacity': 0.75, stroke: '#fff' });
    bins.forEach((count, b) => bars.append(svgEl('rect', { class: 'pit-bar', 'data-count': count, x: sx(b / 10).toFixed(2), y: sy(count).toFixed(2),
      width: (sx((b + 1) / 10) - sx(b / 10)).toFixed(2), height: (sy(0) - sy(count)).toFixed(2) })));
    root.append(bars, svgEl('line', { class: 'uniform', x1: sx(0), x2: sx(1), y1: sy(uniform), y2: sy(uniform),
      stroke: COLOUR.measured, 'stroke-width': 2, 'stroke-dasharray': '6 4' }));
    return el('figure', { class: 'plot sample-plot', 'data-quantity': id, 'data-kind': 'pit' },
      el('h4', { text: id + ': PIT histogram (u-pooling)' }),
      el('p', { class: 'sample-label', text: rows + ' rows with a predicted uncertainty, all samples together' }),
      el('div', { class: 'svg-box' }, root),
      el('figcaption', { class: 'hint' }, el('span', { class: 'keys' }, key('predicted bar', 'rows in the bin'), key('measured', 'uniform: calibrated', true)),
        el('span', { class: 'counts', text: 'Bars above the line in the middle: the predicted uncertainties are too wide; at the ends: too narrow.' })));
  }

  window.drawSamplePlots = drawSamplePlots;
})();
