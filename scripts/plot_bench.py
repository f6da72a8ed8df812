#!/usr/bin/env python3
"""Draws docs/img/performance.svg from one scripts/bench.sh output (bench.txt): training chars/s per config for
CharLM, PyTorch and DL4J against the hardware peak (the chars/s at mfu 1, from CharLM's mfu), and generation
chars/s for CharLM, PyTorch, DL4J and ONNX Runtime. Log scale. Standard library only.

    scripts/plot_bench.py target/bench/<run>/bench.txt docs/img/performance.svg
"""
import math
import re
import sys

ENGINES = [("CharLM", "#1f77b4"), ("PyTorch", "#ff7f0e"), ("DL4J", "#2ca02c"), ("ONNX Runtime", "#9467bd")]


def read(path):
    groups, peaks = {}, {}
    for line in open(path, encoding="utf-8"):
        f = dict(re.findall(r"(\S+?)=(\S+)", line))
        m = re.match(r"train (\S+) ", line)
        if m and f.get("kernel") == "vector":
            cfg = m.group(1).replace("-b32-t64", "")
            groups.setdefault(cfg, {})["CharLM"] = float(f["chars/s"])
            peaks[cfg] = float(f["chars/s"]) / float(f["mfu"])
        m = re.match(r"peer (pytorch|dl4j) train (\S+) ", line)
        if m:
            cfg = m.group(2).replace("-b32-t64", "")
            groups.setdefault(cfg, {})["PyTorch" if m.group(1) == "pytorch" else "DL4J"] = float(f["chars/s"])
        m = re.match(r"sample (\S+) ", line)
        if m and f.get("clients") == "1":
            groups.setdefault("sampling " + m.group(1), {})["CharLM"] = float(f["chars/s"])
        m = re.match(r"peer (pytorch|dl4j) sample (\S+) ", line)
        if m:
            g = groups.setdefault("sampling " + m.group(2), {})
            name = "PyTorch" if m.group(1) == "pytorch" else "DL4J"
            g[name] = max(g.get(name, 0), float(f["chars/s"]))
        if line.startswith("inference ") and "ratio=" in line and "streams=1 " in line:
            g = groups.setdefault("generation 1 stream", {})
            g["CharLM"], g["ONNX Runtime"] = float(f["charlm_chars/s"]), float(f["ort_chars/s"])
        if line.startswith("inference ") and "ratio=" in line and "streams=64 " in line:
            g = groups.setdefault("generation 64 streams", {})
            g["CharLM"], g["ONNX Runtime"] = float(f["charlm_chars/s"]), float(f["ort_chars/s"])
    return groups, peaks


def svg(groups, peaks):
    w, h, left, top, bottom = 960, 420, 70, 30, 80
    values = [v for g in groups.values() for v in g.values()] + list(peaks.values())
    lo, hi = 10 ** math.floor(math.log10(min(values) / 2)), 10 ** math.ceil(math.log10(max(values)))   # every bar above the axis
    y = lambda v: top + (h - top - bottom) * (1 - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>']
    d = 1
    while lo * d <= hi:
        v = lo * d
        out.append(f'<line x1="{left}" x2="{w - 10}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
        d *= 10
    out.append(f'<text x="14" y="{(h - bottom + top) / 2:.0f}" transform="rotate(-90 14 {(h - bottom + top) / 2:.0f})" '
               'text-anchor="middle">chars/s (log scale)</text>')
    slot = (w - left - 20) / len(groups)
    bar = slot / (len(ENGINES) + 1.5)
    for i, (name, g) in enumerate(groups.items()):
        x0 = left + 10 + i * slot
        for j, (engine, colour) in enumerate(ENGINES):
            if engine in g:
                x = x0 + j * bar
                out.append(f'<rect x="{x:.1f}" y="{y(g[engine]):.1f}" width="{bar - 2:.1f}" height="{h - bottom - y(g[engine]):.1f}" '
                           f'fill="{colour}"><title>{engine} {name}: {g[engine]:,.0f} chars/s</title></rect>')
        if name in peaks:
            out.append(f'<line x1="{x0 - 2:.1f}" x2="{x0 + 4 * bar:.1f}" y1="{y(peaks[name]):.1f}" y2="{y(peaks[name]):.1f}" '
                       'stroke="black" stroke-dasharray="4 3" stroke-width="1.5"/>')
        # a two-word label ("sampling lstm-1x256", "generation 64 streams") takes two lines, so neighbours never overlap
        first, _, rest = name.partition(' ')
        out.append(f'<text x="{x0 + 2 * bar:.1f}" y="{h - bottom + 18}" text-anchor="middle">{first}</text>')
        if rest:
            out.append(f'<text x="{x0 + 2 * bar:.1f}" y="{h - bottom + 32}" text-anchor="middle">{rest}</text>')
    lx = left + 10
    for engine, colour in ENGINES:
        out.append(f'<rect x="{lx}" y="{h - 30}" width="12" height="12" fill="{colour}"/><text x="{lx + 16}" y="{h - 20}">{engine}</text>')
        lx += 130
    out.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{h - 24}" y2="{h - 24}" stroke="black" stroke-dasharray="4 3"/>'
               f'<text x="{lx + 30}" y="{h - 20}">peak (measured FMA peak, mfu 1)</text>')
    out.append("</svg>")
    return "\n".join(out)


if __name__ == "__main__":
    groups, peaks = read(sys.argv[1])
    open(sys.argv[2], "w", encoding="utf-8").write(svg(groups, peaks))
    print("wrote %s: %s" % (sys.argv[2], ", ".join(groups)))
