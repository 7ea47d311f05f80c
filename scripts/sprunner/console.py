# SPDX-License-Identifier: MIT
"""console: parse what /init framed on the serial console.

Format (written by qemu-images' /init):
    @@SP-BEGIN <section>@@
    <payload lines>
    @@SP-END <section> bytes=<N> crc32=<8 hex> [start=<s> end=<s>] rc=<rc>@@
    ...
    @@SP-DONE sections=<count>[ at=<s>]@@
start, end and at: the guest's CLOCK_MONOTONIC in seconds (absent in logs of
an older /init).
N and crc32 (IEEE, as zlib.crc32) cover exactly the payload bytes, "\\n" line ends,
between the BEGIN line's newline and the END line. The serial console turns
"\\n" into "\\r\\n" and kernel messages ("[    1.234567] ...") can land between
payload lines: "\\r" is stripped, and when the checksum fails the payload is
checked again without lines that look like kernel messages. A section that still
fails is "corrupt"; one without its END line is "truncated".
"""
import re
import zlib
from collections import namedtuple

BEGIN_RE = re.compile(rb"@@SP-BEGIN ([A-Za-z0-9_.-]+)@@")
END_RE = re.compile(rb"@@SP-END ([A-Za-z0-9_.-]+) bytes=(\d+) crc32=([0-9a-fA-F]{8})"
                    rb"(?: start=(\d+\.\d+) end=(\d+\.\d+))? rc=([A-Za-z0-9_:-]+)@@")
DONE_RE = re.compile(rb"@@SP-DONE sections=(\d+)(?: at=(\d+\.\d+))?@@")
KMSG_RE = re.compile(rb"^\s*(<\d>)?\[\s*\d+\.\d+\]")
# Lines that mean the kernel died or broke; looked for outside verified payloads.
PANIC_RE = re.compile(rb"Kernel panic|\bOops\b|(?<![A-Za-z])BUG:")
# Lines that only echo user text (the command line) are never a panic.
ECHO_RE = re.compile(rb"Kernel command line:|Unknown kernel command line parameters|Unknown command line parameters|will be passed to user space")
TOTALS_RE = re.compile(rb"(?m)^# Totals: pass:(\d+) fail:(\d+) xfail:(\d+) xpass:(\d+) skip:(\d+) "
                       rb"error:(\d+)\s*$")
PLAN_RE = re.compile(rb"(?m)^1\.\.(\d+)\s*$")

# status: "ok", "truncated" (no END line) or "corrupt" (END line, but length or CRC
# does not match even without kernel messages). payload: bytes (verified when ok).
# rc: the END line's rc word ("0", "1", "absent", ...) or None when truncated.
# kmsg_dropped: kernel-message lines removed to make the checksum match.
# start, end: guest seconds (CLOCK_MONOTONIC) the section began and ended, or None.
Section = namedtuple("Section", "name status payload rc expected_bytes crc32 kmsg_dropped "
                     "start end", defaults=(None, None))


class Console:
    """A parsed console log. sections: list of Section in console order;
    done: the SP-DONE count or None; done_at: its guest seconds or None;
    panic_lines: lines (str) matching PANIC_RE outside verified payloads;
    size: bytes read; lines: the console's lines (bytes, "\r" dropped)."""

    def __init__(self, sections, done, panic_lines, size, done_at=None, lines=()):
        self.sections = sections
        self.done = done
        self.panic_lines = panic_lines
        self.size = size
        self.done_at = done_at
        self.lines = lines

    def section(self, name):
        """The first ok Section called name, else the first one of any status, else None."""
        found = [s for s in self.sections if s.name == name]
        for s in found:
            if s.status == "ok":
                return s
        return found[0] if found else None

    def complete(self):
        """True when SP-DONE was seen, every section is ok and their number matches."""
        return (self.done is not None and self.done == len(self.sections)
                and all(s.status == "ok" for s in self.sections))

    def problems(self):
        """Why the console is not complete: list of str (empty when complete())."""
        out = ["section %s %s" % (s.name, s.status) for s in self.sections if s.status != "ok"]
        if self.done is None:
            out.append("no @@SP-DONE line (console ended early)")
        elif self.done != len(self.sections):
            out.append("@@SP-DONE says %d sections, %d seen" % (self.done, len(self.sections)))
        return out


def _text(b):
    return b.decode("utf-8", "replace")


def _check(lines, tail, expected, crc):
    """Payload bytes if lines (+ tail without newline) match length and CRC, else None."""
    data = b"".join(line + b"\n" for line in lines) + tail
    if len(data) == expected and (zlib.crc32(data) & 0xFFFFFFFF) == crc:
        return data
    return None


def _verify(body, tail, expected, crc):
    """(payload, dropped line indexes) or (None, None)."""
    data = _check(body, tail, expected, crc)
    if data is not None:
        return data, []
    keep = [i for i, line in enumerate(body) if not KMSG_RE.match(line)]
    dropped = [i for i in range(len(body)) if i not in set(keep)]
    if dropped:
        data = _check([body[i] for i in keep], tail, expected, crc)
        if data is not None:
            return data, dropped
    return None, None


def parse(raw):
    """Parse console bytes (or str) into a Console. Never raises on bad input."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "replace")
    lines = [line.rstrip(b"\r").replace(b"\r", b"") for line in raw.split(b"\n")]
    sections, done, done_at = [], None, None
    consumed = set()  # indexes of lines that are verified payload or markers
    i = 0
    while i < len(lines):
        m = BEGIN_RE.search(lines[i])
        d = DONE_RE.search(lines[i])
        if d and done is None:
            done = int(d.group(1))
            done_at = float(d.group(2)) if d.group(2) else None
            consumed.add(i)
        if not m:
            i += 1
            continue
        name, start = m.group(1), i
        j = i + 1
        end = None
        while j < len(lines):
            if BEGIN_RE.search(lines[j]) or DONE_RE.search(lines[j]):
                break
            e = END_RE.search(lines[j])
            if e:
                end = e
                break
            j += 1
        if end is None or end.group(1) != name:
            sections.append(Section(_text(name), "truncated", b"", None, None, None, 0))
            i = j if j > i else i + 1
            continue
        body = lines[start + 1:j]
        tail = lines[j][:end.start()]
        expected, crc = int(end.group(2)), int(end.group(3), 16)
        payload, dropped = _verify(body, tail, expected, crc)
        rc = _text(end.group(6))
        start_s = float(end.group(4)) if end.group(4) else None
        end_s = float(end.group(5)) if end.group(5) else None
        if payload is None:
            sections.append(Section(_text(name), "corrupt", b"", rc, expected, crc, 0,
                                    start_s, end_s))
        else:
            sections.append(Section(_text(name), "ok", payload, rc, expected, crc, len(dropped),
                                    start_s, end_s))
            consumed.update(range(start, j + 1))
            consumed.difference_update(start + 1 + k for k in dropped)
        i = j + 1
    panic_lines = [_text(line).strip() for k, line in enumerate(lines)
                   if k not in consumed and PANIC_RE.search(line)
                   and not ECHO_RE.search(line)]
    return Console(sections, done, panic_lines, len(raw), done_at, lines)


def ktap_totals(payload):
    """Sum of every '# Totals:' line in a KTAP payload as a dict (pass, fail, xfail,
    xpass, skip, error), or None when there is no such line."""
    found = TOTALS_RE.findall(payload)
    if not found:
        return None
    keys = ("pass", "fail", "xfail", "xpass", "skip", "error")
    return {k: sum(int(t[n]) for t in found) for n, k in enumerate(keys)}


def ktap_planned(payload):
    """Sum of the KTAP plans ("1..N" lines) in a payload, or None without one."""
    found = PLAN_RE.findall(payload)
    return sum(int(n) for n in found) if found else None


def frame(name, payload, rc="0"):
    """The framed bytes /init writes for one section (used by tests and tools)."""
    if isinstance(payload, str):
        payload = payload.encode()
    return (b"@@SP-BEGIN %s@@\n" % name.encode() + payload +
            b"@@SP-END %s bytes=%d crc32=%08x rc=%s@@\n" % (
                name.encode(), len(payload), zlib.crc32(payload) & 0xFFFFFFFF, rc.encode()))
