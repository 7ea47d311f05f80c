# SPDX-License-Identifier: MIT
"""monitor_sim: what LAVA's `monitors` test action (lava-dispatcher 2023.01,
actions/test/monitor.py) records from a console, without LAVA or QEMU, for
the unit test of the patterns.

It follows the dispatcher's steps as documented by its source: for each
monitor in order, wait for `start`; then search `end` and `pattern` in the
buffer (pexpect: re.DOTALL, the earliest match wins, on a tie the one listed
first, which is `end`), consume up to the match's end, record a case; stop at
`end`. The stream arrives in chunks of varying size (as a pexpect read does)
and every search runs on what has arrived so far, so a pattern that matches a
half-arrived line shows up as a wrong case. The pty turns "\\n" into "\\r\\n".
"""
import re

CHUNKS = (1, 7, 64, 500, 4092, 3, 33)


class NoStart(Exception):
    """A monitor's start string never came (LAVA: the job errors)."""


class EndOfStream(Exception):
    """The stream ended inside a monitor, before its end string."""


def _stream(text):
    data = text.replace("\r\n", "\n").replace("\n", "\r\n")
    i, k = 0, 0
    while i < len(data):
        n = CHUNKS[k % len(CHUNKS)]
        yield data[i:i + n]
        i += n
        k += 1


def run(monitors, text):
    """[(definition, case, test_case_id, result)] as LAVA would log them.
    Raises NoStart or EndOfStream like the dispatcher's errors."""
    chunks = _stream(text)
    buf = ""
    out = []

    def more():
        nonlocal buf
        try:
            buf += next(chunks)
            return True
        except StopIteration:
            return False

    for mon in monitors:
        start = re.compile(mon["start"], re.DOTALL)
        while True:
            m = start.search(buf)
            if m:
                buf = buf[m.end():]
                break
            if not more():
                raise NoStart(mon["name"])
        pats = [("end", re.compile(mon["end"], re.DOTALL)),
                ("case", re.compile(mon["pattern"], re.DOTALL))]
        fix = mon.get("fixupdict") or {}
        while True:
            best = None
            for kind, p in pats:
                m = p.search(buf)
                if m and (best is None or m.start() < best[1].start()):
                    best = (kind, m)
            if best is None:
                if not more():
                    raise EndOfStream(mon["name"])
                continue
            kind, m = best
            buf = buf[m.end():]
            if kind == "end":
                break
            g = m.groupdict()
            result = fix.get(g["result"], g["result"])
            if result not in ("pass", "fail", "skip", "unknown"):
                continue  # the dispatcher logs "bad test results" and goes on
            ident = g["test_case_id"].strip()
            out.append((mon["name"].replace(" ", "-").lower(),
                        re.sub(r"\W+", "_", ident.lower()), ident, result))
    return out
