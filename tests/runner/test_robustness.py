# SPDX-License-Identifier: MIT
"""Bad input found by trying to break the runner, each kept as a test."""
import argparse
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from sprunner import boot, console, kcache  # noqa: E402


class EchoedCommandLine(unittest.TestCase):
    def test_command_line_echo_is_not_a_panic(self):
        raw = (b"[    0.000000] Kernel command line: console=ttyS0 sp.tag=BUG:none\r\n"
               b"[    0.100000] Unknown kernel command line parameters \"Oops\", will be "
               b"passed to user space.\r\n" + console.frame("init", "x\n"))
        self.assertEqual(console.parse(raw).panic_lines, [])

    def test_real_panic_still_seen(self):
        raw = b"[    1.0] Kernel panic - not syncing: No working init found.\r\n"
        self.assertEqual(len(console.parse(raw).panic_lines), 1)


class TimeoutArgument(unittest.TestCase):
    def test_absurd_values_refused(self):
        for text in ("nan", "inf", "-inf", "1e300", "-5", "abc", ""):
            with self.assertRaises(argparse.ArgumentTypeError, msg=text):
                boot.seconds_arg(text)

    def test_sane_values(self):
        self.assertEqual(boot.seconds_arg("0"), 0.0)
        self.assertEqual(boot.seconds_arg("2.5"), 2.5)


class BadCacheEntries(unittest.TestCase):
    def test_bad_kernel_json_is_skipped(self):
        with tempfile.TemporaryDirectory() as d:
            for name, meta in (("list", []), ("noflavour", {"name": "x"}),
                               ("good", {"name": "6.1-amd64", "flavour": "amd64"})):
                os.makedirs(os.path.join(d, name))
                with open(os.path.join(d, name, "kernel.json"), "w") as f:
                    json.dump(meta, f)
                for part in ("vmlinuz", "config"):
                    open(os.path.join(d, name, part), "w").close()
            with open(os.path.join(d, "list", "kernel.json"), "w") as f:
                f.write("[]")
            names = [k["name"] for k in kcache.load(d)]
            self.assertEqual(names, ["6.1-amd64"])


if __name__ == "__main__":
    unittest.main()


class ImageHeaders(unittest.TestCase):
    @staticmethod
    def bz(xloadflags, setup_sects=1, syssize=0x100):
        import struct
        d = bytearray(0x1000)
        d[0x1F1] = setup_sects
        struct.pack_into("<I", d, 0x1F4, syssize)
        d[0x202:0x206] = b"HdrS"
        struct.pack_into("<H", d, 0x206, 0x20F)
        struct.pack_into("<H", d, 0x236, xloadflags)
        return bytes(d)

    def test_bitness_from_xloadflags(self):
        from sprunner import archs, kimage
        self.assertEqual(kimage.identify(self.bz(1)), "bzImage64")
        self.assertEqual(kimage.identify(self.bz(0)), "bzImage32")
        self.assertNotIn("bzImage64", archs.find("i386").image_formats)
        self.assertNotIn("bzImage32", archs.find("x86_64").image_formats)

    def test_truncated_bzimage(self):
        from sprunner import kimage
        d = self.bz(1, setup_sects=1, syssize=0x100)   # needs 2*512 + 0x1000 bytes
        self.assertIsNone(kimage.truncation(d, "bzImage64", 1024 + 0x1000))
        self.assertIn("truncated", kimage.truncation(d, "bzImage64", 1024 + 0x0FFF))


class ForgedConsole(unittest.TestCase):
    def test_no_probe_is_no_result(self):
        from sprunner import verdict
        raw = (console.frame("init", "x\n") + console.frame("probe", '{"schema": 1, "probes": {}}\n')
               + console.frame("kconfig", "absent\n", "absent")
               + console.frame("selftests", "absent\n", "absent") + b"@@SP-DONE sections=4@@\n")
        self.assertEqual(verdict.decide(console.parse(raw)).word, "NO-RESULT")
