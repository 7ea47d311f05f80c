# SPDX-License-Identifier: MIT
"""Kernel image recognition (per arch, before QEMU) and the matrix report formats."""
import json
import os
import struct
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from sprunner import boot, kimage, report  # noqa: E402


def header(offset, magic, size=4096):
    b = bytearray(size)
    b[offset:offset + len(magic)] = magic
    return bytes(b)


class Images(unittest.TestCase):
    def test_formats(self):
        self.assertEqual(kimage.identify(header(0x202, b"HdrS")), "bzImage")
        self.assertEqual(kimage.identify(header(0x24, struct.pack("<I", 0x016F2818))), "zImage")
        self.assertEqual(kimage.identify(header(0, struct.pack(">I", 0x27051956))), "uImage")
        self.assertEqual(kimage.identify(header(0x38, b"ARM\x64")), "arm64-Image")
        gz = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        self.assertEqual(kimage.identify(gz.compress(header(0x38, b"ARM\x64")) + gz.flush()),
                         "arm64-Image.gz")
        self.assertIsNone(kimage.identify(b"#!/bin/sh\necho hi\n"))
        self.assertIsNone(kimage.identify(b""))

    def test_bad_inputs_are_refused_before_qemu(self):
        with tempfile.TemporaryDirectory() as d:
            junk = os.path.join(d, "junk")
            with open(junk, "wb") as f:
                f.write(b"not a kernel\n" * 100)
            bz = os.path.join(d, "bz")
            with open(bz, "wb") as f:
                f.write(header(0x202, b"HdrS"))
            cases = (("x86_64", None, junk, None, "not a kernel image"),
                     ("arm64", None, bz, None, "a bzImage image, which arm64/virt does not boot"),
                     ("mips", None, bz, None, "unknown arch 'mips'"),
                     ("armhf", "nosuch", bz, None, "unknown machine 'nosuch'"),
                     ("x86_64", None, os.path.join(d, "missing"), None, "no such file"))
            for arch, machine, kernel, dtb, words in cases:
                with self.assertRaises(boot.BadInput) as cm:
                    boot.check_inputs(arch, machine, kernel, None, dtb)
                self.assertIn(words, str(cm.exception))
            saved = os.environ.get("PATH", "")
            os.environ["PATH"] = d
            try:
                with self.assertRaises(boot.BadInput) as cm:
                    boot.check_inputs("x86_64", None, bz, None, None)
                self.assertIn("qemu-system-x86_64 not found", str(cm.exception))
            finally:
                os.environ["PATH"] = saved
            zimg = os.path.join(d, "zimg")
            with open(zimg, "wb") as f:
                f.write(header(0x24, struct.pack("<I", 0x016F2818)))
            with self.assertRaises(boot.BadInput) as cm:
                boot.check_inputs("armhf", "vexpress-a9", zimg, None, None)
            self.assertIn("needs --dtb", str(cm.exception))


ROWS = [
    {"name": "6.1-amd64", "arch": "x86_64", "machine": "pc", "verdict": "PASS", "reasons": [],
     "probe_summary": "18 probes: 18 supported", "selftests": "absent", "seconds": 20.5,
     "log": "l1"},
    {"name": "6.1-armmp", "arch": "armhf", "machine": "vexpress-a9", "verdict": "FAIL",
     "reasons": ["config has CONFIG_SECCOMP_FILTER=y but the probe found filter 'unsupported'"],
     "probe_summary": "-", "selftests": "-", "seconds": 9.0, "log": "l2"},
    {"name": "sid-arm64", "arch": "arm64", "machine": "virt", "verdict": "TIMEOUT",
     "reasons": ["no power-off"], "probe_summary": "-", "selftests": "-", "seconds": 240.0,
     "log": "l3"},
]


class Reports(unittest.TestCase):
    def test_table(self):
        t = report.table(ROWS).splitlines()
        self.assertEqual(len(t), 4)
        self.assertTrue(t[0].startswith("kernel"))
        self.assertIn("FAIL", t[2])

    def test_json(self):
        doc = json.loads(report.to_json(ROWS, 100.0))
        self.assertEqual(doc["schema"], 1)
        self.assertEqual(doc["counts"], {"PASS": 1, "FAIL": 1, "TIMEOUT": 1})

    def test_junit(self):
        root = ET.fromstring(report.to_junit(ROWS, 100.0))
        suite = root.find("testsuite")
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("errors")),
                         ("3", "1", "1"))
        cases = suite.findall("testcase")
        self.assertIsNone(cases[0].find("failure"))
        self.assertIn("CONFIG_SECCOMP_FILTER", cases[1].find("failure").get("message"))
        self.assertEqual(cases[2].find("error").get("type"), "TIMEOUT")


if __name__ == "__main__":
    unittest.main()
