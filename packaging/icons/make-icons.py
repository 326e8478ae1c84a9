#!/usr/bin/env python3
"""Renders resources/icons/vitrine.svg into the PNG, .ico (Windows) and .icns (macOS) icons.

Usage: python3 packaging/icons/make-icons.py   (needs rsvg-convert: apt-get install librsvg2-bin)
The outputs are committed, so packaging never needs these tools; rerun after editing the SVG.
On macOS `iconutil -c icns` on an .iconset of the same PNGs gives an equivalent .icns.
"""
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ICONS = os.path.join(ROOT, "resources", "icons")
SVG = os.path.join(ICONS, "vitrine.svg")


def render(size, out):
    subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size), SVG, "-o", out], check=True)
    with open(out, "rb") as f:
        return f.read()


def write_ico(path, pngs):
    # ICO with PNG-compressed entries (Vista+): header, one 16-byte directory entry per image, data.
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs:
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    with open(path, "wb") as f:
        f.write(header + entries + blobs)


def write_icns(path, pngs):
    # ICNS: 'icns' + total length, then (type, length incl. 8-byte header, PNG data) per size.
    types = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
    body = b"".join(types[s] + struct.pack(">I", len(d) + 8) + d for s, d in pngs)
    with open(path, "wb") as f:
        f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        png = {s: render(s, os.path.join(tmp, f"{s}.png")) for s in (16, 32, 48, 64, 128, 256, 512)}
    with open(os.path.join(ICONS, "vitrine.png"), "wb") as f:  # hicolor 256x256 and window icon
        f.write(png[256])
    with open(os.path.join(ICONS, "vitrine-48.png"), "wb") as f:  # hicolor 48x48 (menus)
        f.write(png[48])
    write_ico(os.path.join(ICONS, "vitrine.ico"), [(s, png[s]) for s in (16, 32, 48, 256)])
    write_icns(os.path.join(ICONS, "vitrine.icns"), [(s, png[s]) for s in (16, 32, 64, 128, 256, 512)])
    print("make-icons: wrote vitrine.png, vitrine-48.png, vitrine.ico, vitrine.icns in", ICONS)


if __name__ == "__main__":
    sys.exit(main())
