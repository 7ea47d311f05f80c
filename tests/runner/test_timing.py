# SPDX-License-Identifier: MIT
"""Section timing: the END lines' start=/end= and DONE's at= (console.py),
the kernel's printk times for /init and power-off, the host's arrival times
(timing.py), the bare-boot ratio; logs of an older /init still parse."""
import os
import sys
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from sprunner import console, timing  # noqa: E402


def frame(name, payload, start, end, rc="0"):
    return (b"@@SP-BEGIN %s@@\n%s@@SP-END %s bytes=%d crc32=%08x start=%s end=%s rc=%s@@\n" % (
        name.encode(), payload, name.encode(), len(payload), zlib.crc32(payload) & 0xFFFFFFFF,
        start.encode(), end.encode(), rc.encode()))


LOG = (b"[    0.000000] Linux version 6.1.0-50-amd64\r\n"
       b"[    3.241753] Run /init as init process\r\n" +
       frame("init", b"init: x\n", "3.238", "3.250") +
       frame("probe", b"{}\n", "3.251", "3.500") +
       frame("selftests", b"ok 1 a\n", "3.501", "5.001", "1") +
       frame("upstream", b"ok 1 b\n", "3.260", "6.000") +
       b"@@SP-DONE sections=4 at=6.010@@\n"
       b"[    6.020500] reboot: Power down\r\n")


class Timing(unittest.TestCase):
    def test_frames_carry_guest_times(self):
        c = console.parse(LOG)
        self.assertTrue(c.complete(), c.problems())
        self.assertEqual((c.section("probe").start, c.section("probe").end), (3.251, 3.5))
        self.assertEqual(c.section("selftests").rc, "1")
        self.assertEqual(c.done_at, 6.01)

    def test_guest_seconds_prefer_the_kernels_clock(self):
        g = timing.guest_seconds(console.parse(LOG))
        self.assertEqual((g["init_at"], g["init_from"]), (3.242, "kernel"))
        self.assertEqual((g["poweroff_at"], g["poweroff_from"]), (6.021, "kernel"))
        self.assertEqual(g["sections"], {"probe": 0.249, "selftests": 1.5, "upstream": 2.74})
        self.assertEqual(g["sections_total"], 2.772)  # /init's start to DONE

    def test_without_printk_times_init_clock_is_used(self):
        log = b"\n".join(line for line in LOG.split(b"\n") if not line.startswith(b"["))
        g = timing.guest_seconds(console.parse(log))
        self.assertEqual((g["init_at"], g["init_from"]), (3.238, "init"))
        self.assertEqual((g["poweroff_at"], g["poweroff_from"]), (6.01, "init"))

    def test_old_frames_still_parse(self):
        payload = b"{}\n"
        old = (b"@@SP-BEGIN probe@@\n{}\n@@SP-END probe bytes=3 crc32=%08x rc=0@@\n"
               b"@@SP-DONE sections=1@@\n" % (zlib.crc32(payload) & 0xFFFFFFFF))
        c = console.parse(old)
        self.assertTrue(c.complete(), c.problems())
        self.assertIsNone(c.section("probe").start)
        self.assertIsNone(c.done_at)
        g = timing.guest_seconds(c)
        self.assertEqual((g["sections"], g["poweroff_at"], g["init_at"]), ({}, None, None))

    def test_wall_seconds_are_the_hosts_waits(self):
        marks = [(3.5, b"[    0.000000] Linux version 6.1"), (7.0, b"[ 3.2] Run /init as init process"),
                 (7.1, b"@@SP-BEGIN init@@"), (7.2, b"@@SP-END init bytes=1 crc32=0 rc=0@@"),
                 (9.2, b"@@SP-END selftests bytes=1 crc32=0 rc=0@@"),
                 (9.25, b"@@SP-END upstream bytes=1 crc32=0 rc=0@@"), (9.3, b"@@SP-DONE sections=3@@")]
        w = timing.wall_seconds(marks, 9.4)
        self.assertEqual((w["first_output"], w["init_at"], w["done_at"], w["total"]),
                         (3.5, 7.0, 9.3, 9.4))
        self.assertEqual(w["sections"], {"selftests": 2.0, "upstream": 0.05})

    def test_bare_ratio(self):
        t = {"guest": {"poweroff_at": 6.0}, "wall": {"total": 12.0}}
        bare = {"ok": True, "timing": {"guest": {"poweroff_at": 3.0, "init_at": 2.9},
                                       "wall": {"total": 8.0}}}
        r = timing.bare_ratio(t, bare)
        self.assertEqual(r, {"guest": 2.0, "wall": 1.5})
        self.assertIn("2.00x that in guest time, 1.50x in wall time", timing.bare_lines(bare, r)[0])
        self.assertIsNone(timing.bare_ratio(t, None))
        self.assertEqual(timing.ratio(1.0, 0), None)


if __name__ == "__main__":
    unittest.main()
