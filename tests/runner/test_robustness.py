# SPDX-License-Identifier: MIT
"""Bad input found by trying to break the runner, each kept as a test."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
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


# A file or folder that is not ours: as root the scripts run as nobody (65534)
# and such a place stays root's; as another user its mode bits say no.
NOBODY = 65534


def _as_runner():
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


def ours(path):
    """Make path writable by the user the scripts run as."""
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


def not_ours(path, readable):
    """Make path someone else's: unreadable (readable False) or read-only."""
    if os.geteuid() == 0:
        os.chown(path, 0, 0)
        os.chmod(path, (0o755 if readable else 0o700) if os.path.isdir(path) else
                 (0o644 if readable else 0o600))
    else:
        os.chmod(path, (0o555 if readable else 0o000) if os.path.isdir(path) else
                 (0o444 if readable else 0o000))


def run_script(name, *args):
    """(exit code, stdout, stderr) of scripts/NAME ARGS... as the runner user."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    p = subprocess.run([os.path.join(ROOT, "scripts", name)] + list(args), cwd=ROOT, env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=120, preexec_fn=_as_runner)
    return p.returncode, p.stdout, p.stderr


class MatrixBadPlaces(unittest.TestCase):
    """Unreadable inputs and unwritable outputs end in one error line and the
    ERROR verdict (exit 2) before any boot, never in a traceback."""

    def setUp(self):
        self.d = tempfile.mkdtemp(prefix="sp-matrix-")
        os.chmod(self.d, 0o755)
        self.cache = self.mkdir("cache")
        k = self.mkdir("cache", "6.1-amd64")
        self.write(("cache", "6.1-amd64", "kernel.json"),
                   json.dumps({"name": "6.1-amd64", "flavour": "amd64", "arch": "x86_64"}))
        self.write(("cache", "6.1-amd64", "vmlinuz"), "not a kernel")
        self.write(("cache", "6.1-amd64", "config"), "CONFIG_SECCOMP=y\n")
        # Nothing may boot here: the only kernel's config is not readable.
        not_ours(os.path.join(k, "config"), readable=False)
        self.out = self.mkdir("out")
        ours(self.out)

    def tearDown(self):
        for top, dirs, _files in os.walk(self.d):
            for x in dirs:
                os.chmod(os.path.join(top, x), 0o755)
        shutil.rmtree(self.d)

    def mkdir(self, *parts):
        path = os.path.join(self.d, *parts)
        os.makedirs(path)
        os.chmod(path, 0o755)
        return path

    def write(self, parts, text):
        with open(os.path.join(self.d, *parts), "w") as f:
            f.write(text)

    def matrix(self, *args):
        rc, out, err = run_script("matrix", "--cache", self.cache, "--out", self.out, *args)
        self.assertNotIn("Traceback", err)
        self.assertEqual(rc, 2, err)
        self.assertEqual(out.splitlines()[-1:], ["ERROR"], out)
        return out, err

    def assert_no_boot(self, out):
        self.assertNotIn("boots of", out)

    def test_unreadable_cached_config_is_an_error_row(self):
        out, _err = self.matrix("--no-historic")
        self.assertIn("Permission denied", out)

    def test_unreadable_cache_folder(self):
        not_ours(self.cache, readable=False)
        out, err = self.matrix("--no-historic")
        self.assertIn("cannot read %s" % self.cache, err)
        self.assert_no_boot(out)

    def test_unreadable_historic_folder(self):
        hist = self.mkdir("historic")
        not_ours(hist, readable=False)
        out, err = self.matrix("--historic", hist)
        self.assertIn("cannot read %s" % hist, err)
        self.assert_no_boot(out)

    def test_report_file_not_writable(self):
        self.write(("out", "matrix.json"), "{}")
        not_ours(os.path.join(self.out, "matrix.json"), readable=True)
        out, err = self.matrix("--no-historic")
        self.assertIn("matrix.json", err)
        self.assert_no_boot(out)

    def test_boot_log_not_writable(self):
        logs = self.mkdir("out", "logs")
        ours(logs)
        self.write(("out", "logs", "6.1-amd64.log"), "old")
        not_ours(os.path.join(logs, "6.1-amd64.log"), readable=True)
        out, err = self.matrix("--no-historic")
        self.assertIn("6.1-amd64.log", err)
        self.assert_no_boot(out)

    def test_historic_reports_not_writable(self):
        hist = self.mkdir("historic")
        self.mkdir("historic", "3.4-x86_64")
        self.write(("historic", "3.4-x86_64", "kernel.json"), json.dumps({"arch": "x86_64"}))
        not_ours(self.mkdir("out", "historic"), readable=True)
        out, err = self.matrix("--historic", hist)
        self.assertIn(os.path.join(self.out, "historic"), err)
        self.assert_no_boot(out)


class UsageErrorsEndInError(unittest.TestCase):
    """argparse's usage errors: one line on stderr, ERROR the last line, exit 2."""

    def check(self, name, *args):
        rc, out, err = run_script(name, *args)
        self.assertEqual(rc, 2, err)
        self.assertEqual(out, "ERROR\n")
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertTrue(err.startswith(name + ": error: "), err)
        return err

    def test_matrix(self):
        self.assertIn("--jobs", self.check("matrix", "--jobs", "x"))
        self.assertIn("--bogus", self.check("matrix", "--bogus"))
        self.assertIn("--timeout", self.check("matrix", "--timeout", "nan"))

    def test_validate_kernel(self):
        self.assertIn("--bogus", self.check("validate-kernel", "--bogus"))
        self.assertIn("--accel", self.check("validate-kernel", "--accel", "xen"))
        self.assertIn("--timeout", self.check("validate-kernel", "--timeout", "-5"))

    def test_missing_kernel_is_named_before_anything_else(self):
        # newcomer: a missing --kernel was printed as "booted as x86_64" and
        # only the (also missing) config was complained about.
        rc, out, _err = run_script("validate-kernel", "--arch", "x86_64", "--kernel",
                                   "/nonexistent/vmlinuz", "--config", "/nonexistent/config")
        self.assertEqual(rc, 2)
        self.assertEqual(out, "kernel:    /nonexistent/vmlinuz: No such file or directory\nERROR\n")

    def test_help_still_works(self):
        rc, out, _err = run_script("matrix", "--help")
        self.assertEqual(rc, 0)
        self.assertTrue(out.startswith("usage: matrix"), out)


class ProbeSchema2(unittest.TestCase):
    """The probe's JSON schema 2 (mainline spelt "3.5") is read like schema 1."""

    @staticmethod
    def raw(doc):
        return (console.frame("init", "x\n") + console.frame("probe", json.dumps(doc) + "\n")
                + console.frame("kconfig", "absent\n", "absent")
                + console.frame("selftests", "absent\n", "absent") + b"@@SP-DONE sections=4@@\n")

    def doc(self, schema):
        return {"schema": schema, "kernel": {"release": "3.4.113", "arch": "x86_64"},
                "process": {"seccomp": None},
                "probes": {"filter": {"verdict": "supported", "backport": True, "maybe_blocked": False,
                                      "mainline": "3.5" if schema == 2 else "3.5.0"}}}

    def test_schema_2_parsed(self):
        from sprunner import verdict
        for schema in (1, 2):
            res = verdict.decide(console.parse(self.raw(self.doc(schema))))
            self.assertEqual(res.probe, {"filter": "supported"}, (schema, res.reasons))
            self.assertEqual(res.feature_text("filter"),
                             "supported, backport (mainline 3.5, this kernel 3.4.113)")

    def test_unknown_schema_refused(self):
        from sprunner import verdict
        res = verdict.decide(console.parse(self.raw(self.doc(3))))
        self.assertEqual(res.word, "NO-RESULT")
        self.assertTrue(any("schema 3" in r for r in res.reasons), res.reasons)


if __name__ == "__main__":
    unittest.main()
