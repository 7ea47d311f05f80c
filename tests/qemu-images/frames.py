# SPDX-License-Identifier: MIT
"""Test-side reader of /init's console frames (qemu-images/frame.h).

Independent of the init's own CRC code: checks bytes= and crc32= against
Python's zlib.crc32 over the exact bytes between the BEGIN line and the END
line. Not the runner's parser; only what the qemu-images checks need.
"""
import re
import zlib

BEGIN = re.compile(rb"@@SP-BEGIN ([a-z0-9_-]{1,32})@@\n")
END = re.compile(rb"@@SP-END ([a-z0-9_-]{1,32}) bytes=([0-9]+) crc32=([0-9a-f]{8}) "
                 rb"start=([0-9]+\.[0-9]{3}) end=([0-9]+\.[0-9]{3}) rc=([a-z0-9:-]+)@@\n")
DONE = re.compile(rb"@@SP-DONE sections=([0-9]+) at=([0-9]+\.[0-9]{3})@@\n")


class Section:
    def __init__(self, name, payload, rc, bytes_field, crc_field, start=None, end=None):
        self.name, self.payload, self.rc = name, payload, rc
        self.bytes_field, self.crc_field = bytes_field, crc_field
        self.start, self.end = start, end  # CLOCK_MONOTONIC seconds

    @property
    def intact(self):
        return (self.bytes_field == len(self.payload) and
                self.crc_field == zlib.crc32(self.payload) & 0xFFFFFFFF)


def parse(log):
    """Return (sections, done_count or None) from console bytes. A section
    counts only with both lines; its payload is taken as the bytes after the
    BEGIN line up to the END line whose bytes= field says it ends there."""
    sections, pos = [], 0
    while True:
        m = BEGIN.search(log, pos)
        if not m:
            break
        name, start = m.group(1).decode(), m.end()
        e = END.search(log, start)
        if not e:
            break
        if e.group(1).decode() != name:
            raise ValueError("END %s after BEGIN %s" % (e.group(1), name))
        sections.append(Section(name, log[start:e.start()], e.group(6).decode(),
                                int(e.group(2)), int(e.group(3), 16),
                                float(e.group(4)), float(e.group(5))))
        pos = e.end()
    d = DONE.search(log, pos)
    return sections, (int(d.group(1)) if d else None)
