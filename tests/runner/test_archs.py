# SPDX-License-Identifier: MIT
"""Golden tests of the per-arch QEMU command lines (no QEMU needed).
SP_UPDATE_GOLDEN=1 rewrites golden/qemu-commands.txt from the current code."""
import os
import shlex
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from sprunner import archs  # noqa: E402

GOLDEN = os.path.join(HERE, "golden", "qemu-commands.txt")

# (case name, arch, machine, dtb, append, accel)
CASES = (
    ("x86_64", "x86_64", None, None, "", "tcg"),
    ("i386", "i386", None, None, "", "tcg"),
    ("armhf-virt", "armhf", None, None, "", "tcg"),
    ("armhf-vexpress-a9", "armhf", "vexpress-a9", "/k/vexpress-v2p-ca9.dtb", "", "tcg"),
    ("arm64", "arm64", None, None, "", "tcg"),
    ("x86_64-kvm", "x86_64", None, None, "", "kvm"),
    ("x86_64-append", "x86_64", None, None, "rdinit=/nonexistent", "tcg"),
)


def render():
    lines = []
    for name, arch, machine, dtb, append, accel in CASES:
        rec = archs.find(arch, machine)
        argv = archs.command(rec, "/k/vmlinuz", "/k/initramfs-%s.cpio.gz" % arch, dtb, append, accel)
        lines.append("%s: %s\n" % (name, shlex.join(argv)))
    return "".join(lines)


class GoldenCommands(unittest.TestCase):
    def test_matches_golden(self):
        got = render()
        if os.environ.get("SP_UPDATE_GOLDEN"):
            with open(GOLDEN, "w") as f:
                f.write("# SPDX-License-Identifier: MIT\n" + got)
        with open(GOLDEN) as f:
            want = [l for l in f.read().splitlines() if not l.startswith("#")]
        self.assertEqual(want, got.splitlines())

    def test_every_record_reads_stdin_nowhere_and_never_reboots(self):
        for rec in archs.RECORDS:
            argv = archs.command(rec, "/k", None)
            self.assertIn("-no-reboot", argv)
            self.assertIn("-nographic", argv)
            self.assertIn("panic=-1", argv[-1])
            self.assertIn("console=" + rec.console, argv[-1])

    def test_x86_uses_cpu_max(self):
        for arch in ("x86_64", "i386"):
            argv = archs.command(archs.find(arch), "/k", None)
            self.assertEqual(argv[argv.index("-cpu") + 1], "max")

    def test_unknown_arch_and_machine(self):
        self.assertIsNone(archs.find("mips"))
        self.assertIsNone(archs.find("armhf", "nosuchboard"))
        self.assertEqual(archs.find("armhf").machine, "virt")


if __name__ == "__main__":
    unittest.main()
