// WCAG 2 contrast of every visible text node against its composited background.
// Returns the failures: normal text under 4.5:1, large text (24px, or 18.66px bold) under 3:1.
(() => {
  const parse = (c) => { const p = (c.match(/rgba?\(([^)]+)\)/) || [, ''])[1].split(',').map(parseFloat);
                         return p.length >= 3 ? {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1} : null; };
  const blend = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
                                   b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const backdrop = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const color = parse(getComputedStyle(e).backgroundColor);
      if (color && color.a > 0) { layers.push(color); if (color.a === 1) break; }
    }
    return layers.reverse().reduce((under, layer) => blend(layer, under), {r: 255, g: 255, b: 255, a: 1});
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || element.closest('.sr-only, .times, [hidden]')) continue;
    const style = getComputedStyle(element);
    if (!element.getClientRects().length || style.visibility === 'hidden') continue;
    const back = backdrop(element), fore = blend(parse(style.color), back);
    const [light, dark] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    if (ratio < (size >= 24 || (bold && size >= 18.66) ? 3 : 4.5)) {
      failures.push(`${walker.currentNode.textContent.trim().slice(0, 30)}: ${ratio.toFixed(2)} (${style.color})`);
    }
  }
  return failures;
})()
