"""Checks a screenshot or a rendered page: a PNG of the expected size that is not blank.

usage: check_png.py FILE.png WIDTH HEIGHT [--min-colours N] [--min-ink SHARE] [--colour RRGGBB]...
  --min-colours N   at least N distinct colours over a sample of the pixels (default 200)
  --min-ink SHARE   at least this share of the sampled pixels differs from the commonest colour,
                    the background (default 0: not checked)
  --colour RRGGBB   at least 20 pixels of this colour (within 8 a channel): a chart's line was drawn
Standard library only: decodes 8-bit RGB/RGBA PNGs (what stb_image_write, Chromium and pdftoppm write).
"""
import collections
import struct
import sys
import zlib


def decode(path):
    try:
        data = open(path, "rb").read()
    except OSError as e:
        raise SystemExit(f"{path}: cannot be read ({e.strerror}); nothing was rendered")
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body[:13])
            if depth != 8 or colour not in (2, 6) or interlace:
                raise SystemExit(f"{path}: unexpected PNG type depth={depth} colour={colour} interlace={interlace}")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        raise SystemExit(__doc__)
    path, want_w, want_h = args[0], int(args[1]), int(args[2])
    min_colours, min_ink, wanted = 200, 0.0, []
    rest = args[3:]
    while rest:
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag == "--min-colours":
            min_colours = int(value)
        elif flag == "--min-ink":
            min_ink = float(value)
        elif flag == "--colour":
            wanted.append(tuple(bytes.fromhex(value)))
        else:
            raise SystemExit(f"unknown option {flag}\n{__doc__}")
    width, height, channels, rows = decode(path)
    if (width, height) != (want_w, want_h):
        raise SystemExit(f"{path}: {width}x{height}, expected {want_w}x{want_h}")
    counts = collections.Counter()
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            counts[row[x:x + 3]] += 1
    if len(counts) < min_colours:
        raise SystemExit(f"{path}: only {len(counts)} distinct colours; it looks blank")
    background, n = counts.most_common(1)[0]
    ink = 1 - n / sum(counts.values())
    if ink < min_ink:
        raise SystemExit(f"{path}: only {ink:.1%} of it differs from the background; it looks blank")
    found = []
    for want in wanted:
        hits = 0
        for row in rows:
            for x in range(0, width * channels, channels):
                if abs(row[x] - want[0]) <= 8 and abs(row[x + 1] - want[1]) <= 8 and abs(row[x + 2] - want[2]) <= 8:
                    hits += 1
        if hits < 20:
            raise SystemExit(f"{path}: {hits} pixels of colour #{bytes(want).hex()}; the charts look undrawn")
        found.append(f"{hits} of #{bytes(want).hex()}")
    extra = f", {', '.join(found)}" if found else ""
    print(f"{path}: {width}x{height}, {len(counts)} distinct colours, {ink:.1%} ink (sampled){extra}")


main()
