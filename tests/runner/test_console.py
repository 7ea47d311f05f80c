# SPDX-License-Identifier: MIT
"""Console parser on recorded logs: complete, truncated mid-section, panic,
garbage bytes, interleaved kernel messages, corrupt payload, silent init."""
import json
import os
import sys
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from sprunner import console  # noqa: E402


def load(name):
    with open(os.path.join(HERE, "logs", name), "rb") as f:
        return console.parse(f.read())


class RecordedLogs(unittest.TestCase):
    def assert_complete(self, c):
        self.assertTrue(c.complete(), c.problems())
        self.assertEqual([s.name for s in c.sections], ["init", "probe", "kconfig", "selftests"])
        self.assertEqual(c.done, 4)
        doc = json.loads(c.section("probe").payload)
        self.assertEqual(doc["schema"], 1)
        self.assertIn("filter", doc["probes"])
        self.assertEqual(c.panic_lines, [])

    def test_complete_x86_64(self):
        c = load("complete-x86_64-6.1.log")
        self.assert_complete(c)
        self.assertEqual(c.section("kconfig").rc, "absent")
        self.assertEqual(c.section("probe").kmsg_dropped, 0)

    def test_complete_vexpress(self):
        self.assert_complete(load("complete-armhf-vexpress-6.1.log"))

    def test_truncated_mid_section(self):
        c = load("truncated-mid-probe.log")
        self.assertFalse(c.complete())
        self.assertEqual(c.section("probe").status, "truncated")
        self.assertIn("section probe truncated", c.problems())
        self.assertIsNone(c.done)

    def test_panic(self):
        c = load("panic-rdinit-nonexistent.log")
        self.assertEqual(c.sections, [])
        self.assertIn("Kernel panic - not syncing", c.panic_lines[0])

    def test_garbage_between_sections(self):
        self.assert_complete(load("garbage-between-sections.log"))

    def test_corrupt_payload(self):
        c = load("corrupt-probe-payload.log")
        self.assertEqual(c.section("probe").status, "corrupt")
        self.assertFalse(c.complete())

    def test_interleaved_kernel_messages_and_crlf(self):
        c = load("interleaved-kmsg-crlf.log")
        self.assert_complete(c)
        self.assertGreater(c.section("probe").kmsg_dropped, 0)
        want = load("complete-x86_64-6.1.log").section("probe").payload
        self.assertEqual(c.section("probe").payload, want)

    def test_silent(self):
        c = load("silent-init.log")
        self.assertEqual(c.sections, [])
        self.assertIsNone(c.done)
        self.assertFalse(c.complete())


class Synthetic(unittest.TestCase):
    def test_frame_roundtrip_and_crc(self):
        body = b"line one\nline two\n"
        raw = console.frame("x", body, "0") + b"@@SP-DONE sections=1@@\n"
        self.assertIn(b"crc32=%08x" % zlib.crc32(body), raw)
        c = console.parse(raw)
        self.assertTrue(c.complete())
        self.assertEqual(c.section("x").payload, body)

    def test_wrong_length_is_corrupt(self):
        raw = console.frame("x", b"abc\n").replace(b"bytes=4", b"bytes=5")
        self.assertEqual(console.parse(raw).section("x").status, "corrupt")

    def test_done_count_mismatch(self):
        raw = console.frame("x", b"abc\n") + b"@@SP-DONE sections=2@@\n"
        c = console.parse(raw)
        self.assertFalse(c.complete())
        self.assertIn("@@SP-DONE says 2 sections, 1 seen", c.problems())

    def test_panic_text_inside_a_verified_payload_is_not_a_panic(self):
        raw = console.frame("probe", b'{"detail": "Kernel panic BUG: Oops"}\n') + \
            b"@@SP-DONE sections=1@@\n"
        self.assertEqual(console.parse(raw).panic_lines, [])

    def test_oops_and_bug_lines(self):
        for line in (b"[ 1.0] Internal error: Oops: 5 [#1] SMP ARM",
                     b"[ 2.0] BUG: kernel NULL pointer dereference, address: 0"):
            self.assertEqual(len(console.parse(line + b"\n").panic_lines), 1)
        self.assertEqual(console.parse(b"DEBUG: fine\nOopsie\n").panic_lines, [])

    def test_ktap_totals_summed(self):
        k = (b"TAP version 13\n# Totals: pass:3 fail:1 xfail:0 xpass:0 skip:2 error:0\n"
             b"# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:1\n")
        self.assertEqual(console.ktap_totals(k), {"pass": 4, "fail": 1, "xfail": 0,
                                                  "xpass": 0, "skip": 2, "error": 1})
        self.assertIsNone(console.ktap_totals(b"ok 1 x\n"))

    def test_str_input_and_empty(self):
        self.assertFalse(console.parse("").complete())
        self.assertFalse(console.parse(b"\xff\x00" * 100).complete())


if __name__ == "__main__":
    unittest.main()
