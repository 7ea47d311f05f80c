# SPDX-License-Identifier: MIT
"""validate-kernel as a user runs it (issue 17), without a real boot: a fake
qemu-system-x86_64 on PATH prints a recorded console log, the kernel is a
synthetic bzImage header. Covers --json, --junit (one writer with the
matrix), default log names that never collide, and a text report whose lines
read as sentences (pinned by tests/runner/golden/validate-3.4bp.txt)."""
import gzip
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from sprunner import junit, krelease, report, sections  # noqa: E402

VALIDATE = os.path.join(ROOT, "scripts", "validate-kernel")
LOGS = os.path.join(HERE, "logs")
GOLDEN = os.path.join(HERE, "golden")


def bzimage(release, pad=b""):
    """A bzImage header validate-kernel accepts, carrying its release string."""
    b = bytearray(4096)
    b[0x1F1] = 1                                   # setup_sects
    b[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", b, 0x206, 0x20F)        # boot protocol 2.15
    struct.pack_into("<H", b, 0x236, 1)            # xloadflags: 64-bit kernel
    struct.pack_into("<H", b, 0x20E, 0x300)        # kernel_version - 0x200
    text = release.encode() + b" (test@fake) #1 SMP\0"
    b[0x500:0x500 + len(text)] = text
    return bytes(b) + pad


class Fake:
    """A temp dir with a fake QEMU that prints SP_FAKE_CONSOLE."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.bin = os.path.join(self.dir, "bin")
        os.makedirs(self.bin)
        qemu = os.path.join(self.bin, "qemu-system-x86_64")
        with open(qemu, "w") as f:
            f.write('#!/bin/sh\ncat "$SP_FAKE_CONSOLE"\n')
        os.chmod(qemu, 0o755)
        self.build = os.path.join(self.dir, "build")

    def kernel(self, folder, release, pad=b""):
        d = os.path.join(self.dir, folder)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "vmlinuz")
        with open(path, "wb") as f:
            f.write(bzimage(release, pad))
        return path

    def run(self, kernel, log_name, *args):
        env = dict(os.environ, PATH=self.bin + os.pathsep + os.environ.get("PATH", ""),
                   SP_FAKE_CONSOLE=os.path.join(LOGS, log_name), BUILD=self.build,
                   PYTHONDONTWRITEBYTECODE="1")
        argv = [sys.executable, VALIDATE, "--arch", "x86_64", "--kernel", kernel,
                "--initrd", kernel, "--tool", os.path.join(self.dir, "no-tool")] + list(args)
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=env, timeout=120)
        return p.returncode, p.stdout, p.stderr

    def close(self):
        self.tmp.cleanup()


class FakeBootCase(unittest.TestCase):
    def setUp(self):
        self.fake = Fake()

    def tearDown(self):
        self.fake.close()


class JUnit(FakeBootCase):
    def junit_of(self, *args, log="real-3.4bp-x86_64.log"):
        k = self.fake.kernel("3.4bp", "3.4.113")
        out = os.path.join(self.fake.dir, "out.xml")
        rc, stdout, err = self.fake.run(k, log, "--expect-backport", "filter", "--junit", out,
                                        *args)
        self.assertTrue(os.path.isfile(out), stdout + err)
        return rc, ET.parse(out).getroot().find("testsuite")

    def test_one_case_per_probe_capability_and_section(self):
        rc, suite = self.junit_of()
        self.assertEqual(rc, 0)
        cases = suite.findall("testcase")
        names = [(c.get("classname"), c.get("name")) for c in cases]
        self.assertEqual(names[0], ("validate.x86_64", "3.4.113@pc"))
        probes = [n for cls, n in names if cls == "validate.x86_64.probe"]
        self.assertEqual(len(probes), 18)
        self.assertEqual(len([1 for cls, _n in names if cls == "validate.x86_64.compat-probe"]), 18)
        self.assertEqual([n for cls, n in names if cls == "validate.x86_64.section"],
                         list(sections.ORDER))
        self.assertEqual(sorted(n for cls, n in names if cls == "validate.x86_64.guest-config"),
                         ["filter", "strict", "trap"])
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("errors")),
                         (str(len(cases)), "0", "0"))
        # A feature this kernel lacks, not asked for: skipped, not passed silently.
        tsync = [c for c in cases if c.get("name") == "tsync"][0]
        self.assertIsNotNone(tsync.find("skipped"))

    def test_failures_carry_their_reasons(self):
        rc, suite = self.junit_of("--expect", "strict,filter,trap,tsync")
        self.assertEqual(rc, 1)
        cases = {(c.get("classname"), c.get("name")): c for c in suite.findall("testcase")}
        run = cases[("validate.x86_64", "3.4.113@pc")].find("failure")
        self.assertEqual(run.get("type"), "FAIL")
        self.assertIn("expected tsync supported, probe says unsupported", run.get("message"))
        probe = cases[("validate.x86_64.probe", "tsync")].find("failure")
        self.assertIn("expected tsync supported", probe.get("message"))
        compat = cases[("validate.x86_64.compat-probe", "tsync")].find("failure")
        self.assertIn("through the 32-bit ABI", compat.get("message"))
        section = cases[("validate.x86_64.section", "probe")].find("failure")
        self.assertIn("expected tsync supported", section.get("message"))
        self.assertIsNotNone(cases[("validate.x86_64.section", "probe-compat")].find("failure"))
        self.assertIsNone(cases[("validate.x86_64.section", "selftests")].find("failure"))

    def test_no_boot_is_an_error_case(self):
        out = os.path.join(self.fake.dir, "out.xml")
        junk = os.path.join(self.fake.dir, "junk")
        with open(junk, "wb") as f:
            f.write(b"not a kernel\n" * 50)
        rc, _o, _e = self.fake.run(junk, "real-3.4bp-x86_64.log", "--junit", out)
        self.assertEqual(rc, 2)
        suite = ET.parse(out).getroot().find("testsuite")
        cases = suite.findall("testcase")
        self.assertEqual(len(cases), 1)
        self.assertEqual(cases[0].find("error").get("type"), "ERROR")

    def test_reasons_find_their_section(self):
        for reason, section in (
                ("probe trap ended in error: SIGSYS: si_arch 0", "probe"),
                ("expected filter supported, probe says unsupported", "probe"),
                ("kconfig check in the guest: rc=1 (requirements not enabled)", "kconfig"),
                ("selftests: 2 failed, 0 errors", "selftests"),
                ("selftests did not run (not in the archive)", "selftests"),
                ("compat (i386) selftests: 1 failed, 0 errors", "selftests-compat"),
                ("compat (i386): the 32-bit selftests did not run (no section)",
                 "selftests-compat"),
                ("compat (i386): expected trap supported, probe says error", "probe-compat"),
                ("the guest ignored boot options: sp.x=1", "init"),
                ("no kernel config was checked", None)):
            self.assertEqual(junit.reason_section(reason), section, reason)

    def test_one_writer_with_the_matrix(self):
        row = {"name": "6.1-amd64", "arch": "x86_64", "machine": "pc", "verdict": "FAIL",
               "reasons": ["r1", "r2"], "probe_summary": "-", "selftests": "-",
               "seconds": 1.0, "log": "l"}
        self.assertEqual(report.to_junit([row], 2.0),
                         junit.document("seccomp-probe-matrix", [junit.run_case(row)], 2.0))
        matrix_case = ET.fromstring(report.to_junit([row], 2.0)).find("testsuite/testcase")
        _rc, suite = self.junit_of("--expect", "strict,filter,trap,tsync")
        vk_case = suite.find("testcase")
        self.assertEqual(set(matrix_case.attrib), set(vk_case.attrib))
        self.assertEqual([c.tag for c in matrix_case], [c.tag for c in vk_case])


class Json(FakeBootCase):
    def test_sections_guest_config_and_failing_names(self):
        k = self.fake.kernel("3.4bp", "3.4.113")
        out = os.path.join(self.fake.dir, "out.json")
        rc, stdout, _e = self.fake.run(k, "real-3.4bp-x86_64.log", "--expect-backport",
                                       "filter", "--json", out)
        self.assertEqual(rc, 0, stdout)
        with open(out) as f:
            doc = json.load(f)
        self.assertEqual(doc["schema"], 1)
        self.assertEqual([s["name"] for s in doc["sections"]], list(sections.ORDER))
        self.assertEqual(doc["config_check_guest"]["rc"], "0")
        self.assertEqual(doc["config_check_guest"]["capabilities"]["filter"]["verdict"],
                         "enabled")
        self.assertTrue(doc["config_check_guest"]["capabilities"]["filter"]["backport"])
        self.assertEqual(doc["selftests_failed"], [])
        self.assertEqual(doc["log"], os.path.join(self.fake.build, "validate",
                                                  krelease.log_label(k) + ".log"))

    def test_failed_test_names(self):
        ktap = (b"1..3\nok 1 a.one\nnot ok 2 a.two\nok 3 # SKIP three: why\n"
                b"not ok 4 b.four # TODO later\n")
        self.assertEqual(sections.failed_tests(ktap), ["a.two", "b.four"])


class LogNames(FakeBootCase):
    def test_two_vmlinuz_never_share_a_log(self):
        # Same folder name, same file name: the old default (<folder>-vmlinuz.log) collided.
        a = self.fake.kernel(os.path.join("one", "k"), "6.1.0-50-amd64")
        b = self.fake.kernel(os.path.join("two", "k"), "6.12.9-amd64")
        # Same release, different images (a 3.4 with and without a backport).
        c = self.fake.kernel(os.path.join("three", "k"), "6.1.0-50-amd64", pad=b"\1")
        logs = []
        for k in (a, b, c):
            rc, stdout, _e = self.fake.run(k, "real-3.4bp-x86_64.log", "--expect", "strict")
            m = re.search(r"its console log is (\S+)", stdout)
            self.assertIsNotNone(m, stdout)
            logs.append(m.group(1))
        self.assertEqual(len(set(logs)), 3, logs)
        for log in logs:
            self.assertTrue(os.path.isfile(log), log)
            self.assertEqual(os.path.dirname(log), os.path.join(self.fake.build, "validate"))
        self.assertTrue(os.path.basename(logs[0]).startswith("6.1.0-50-amd64-"))
        self.assertTrue(os.path.basename(logs[1]).startswith("6.12.9-amd64-"))

    def test_release_from_images(self):
        d = self.fake.dir
        cases = {"bz": bzimage("3.4.113"),
                 "plain": b"\0" * 100 + b"Linux version 6.1.0-50-arm64 (debian-kernel@) #1\0",
                 "zimage": b"\0" * 64 + gzip.compress(b"x" * 5000 + b"Linux version "
                                                      b"6.1.0-50-armmp (d@l) #1 SMP\0"),
                 "none": b"\0" * 4096}
        want = {"bz": "3.4.113", "plain": "6.1.0-50-arm64", "zimage": "6.1.0-50-armmp",
                "none": None}
        for name, data in cases.items():
            path = os.path.join(d, name)
            with open(path, "wb") as f:
                f.write(data)
            self.assertEqual(krelease.release_of(path), want[name], name)
        self.assertEqual(krelease.log_label(os.path.join(d, "none"))[:5], "none-")
        self.assertIsNone(krelease.release_of(os.path.join(d, "missing")))


def normalize(text, fake):
    text = text.replace(fake.dir, "TMP")
    # Host wall seconds vary from run to run (the guest clock's come from the log).
    text = re.sub(r"(?m)^((?:time: |           )\s*host (?:wall|seconds waited).*)$",
                  lambda m: re.sub(r"\d+\.\d\d", "N", m.group(1)), text)
    return re.sub(r"ran \d+\.\d s under QEMU", "ran N s under QEMU", text)


class Wording(FakeBootCase):
    def report(self, log, *args):
        k = self.fake.kernel("3.4bp", "3.4.113")
        rc, stdout, _e = self.fake.run(k, log, *args)
        return rc, normalize(stdout, self.fake)

    def test_golden_3_4bp(self):
        rc, text = self.report("real-3.4bp-x86_64.log", "--expect-backport", "filter")
        self.assertEqual(rc, 0, text)
        with open(os.path.join(GOLDEN, "validate-3.4bp.txt")) as f:
            self.assertEqual(text, f.read())

    def test_lines_that_needed_a_decoder(self):
        rc, text = self.report("complete-x86_64-6.1.log")
        lines = text.splitlines()
        self.assertFalse([ln for ln in lines if "rc=absent" in ln or ln.startswith("kconfig:")],
                         text)
        self.assertIn("guest cfg: not checked in the guest: the booted kernel has no "
                      "/proc/config.gz (CONFIG_IKCONFIG_PROC is off); and no config was "
                      "checked on the host either", lines)
        self.assertIn("selftests: not run: this initramfs has no seccomp-selftests "
                      "(make static)", lines)
        probe = [ln for ln in lines if ln.startswith("probe:")][0]
        self.assertIn("(expected) marks a feature that must be supported (--expect)", probe)
        self.assertEqual(lines[-1], "FAIL")

    def test_host_and_guest_checks_say_what_they_read(self):
        from sprunner import vkreport
        self.assertEqual(vkreport.host_check_header(0, ["strict", "filter", "trap"], True),
                         "host cfg:  before the boot, seccomp-probe kconfig on this machine "
                         "checked that config: it has everything strict mode, filter mode and RET_TRAP need "
                         "(exit 0)")
        self.assertIn("checked the config embedded in the image: it could not be read or "
                      "judged (exit 2), so every capability is unknown",
                      vkreport.host_check_header(2, ["filter"], False))
        _rc, text = self.report("real-3.4bp-x86_64.log", "--expect-backport", "filter")
        guest = [ln for ln in text.splitlines() if ln.startswith("guest cfg: ")]
        self.assertEqual(len(guest), 1, text)
        self.assertIn("after the boot, seccomp-probe kconfig in the guest checked the booted "
                      "kernel's own /proc/config.gz", guest[0])

    def test_unknown_is_never_labelled_missing(self):
        c = {"verdict": "unknown", "note": "config damaged", "unmet": [],
             "needs": [{"capability": "filter", "verdict": "unknown"}]}
        self.assertEqual(sections.capability_text("trap", c),
                         "trap     unknown (config damaged): needs filter, which is unknown")
        c = {"verdict": "missing", "note": "", "unmet": ["CONFIG_SECCOMP_FILTER is not set "
                                                          "(want y)"], "needs": []}
        self.assertEqual(sections.capability_text("filter", c),
                         "filter   missing: CONFIG_SECCOMP_FILTER is not set (want y)")


class VerdictTables(unittest.TestCase):
    """README.md and scripts/README.md carry one verdict table, in step with
    verdict.EXIT."""

    def table(self, path):
        with open(os.path.join(ROOT, path)) as f:
            text = f.read()
        rows = re.findall(r"(?m)^\| (PASS|FAIL|ERROR|PANIC|TIMEOUT|NO-RESULT) \| (\d) \| (.*) \|$",
                          text)
        return [(w, int(e), m) for w, e, m in rows]

    def test_tables_agree(self):
        from sprunner import verdict
        top, scripts = self.table("README.md"), self.table(os.path.join("scripts", "README.md"))
        self.assertEqual(top, scripts)
        self.assertEqual([(w, e) for w, e, _m in top], list(verdict.EXIT.items()))


@unittest.skipUnless(shutil.which("jq"), "jq is not installed")
class CiSnippet(unittest.TestCase):
    """The jq gate in scripts/README.md (between its ci-gate markers) passes a
    PASS document and stops a FAIL one, naming the reasons."""

    def snippet(self):
        with open(os.path.join(ROOT, "scripts", "README.md")) as f:
            text = f.read()
        m = re.search(r"<!-- ci-gate -->\s*```sh\n(.*?)```", text, re.S)
        self.assertIsNotNone(m, "scripts/README.md has no <!-- ci-gate --> sh block")
        return m.group(1)

    def gate(self, doc):
        with tempfile.TemporaryDirectory() as d:
            fixture = os.path.join(d, "fixture.json")
            with open(fixture, "w") as f:
                json.dump(doc, f)
            # validate-kernel's place: it writes the document the gate reads.
            script = self.snippet().replace("scripts/validate-kernel",
                                            'cp "$FIXTURE" result.json; : validate-kernel')
            p = subprocess.run(["sh", "-c", script], cwd=d, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=60,
                               env=dict(os.environ, FIXTURE=fixture))
        return p.returncode, p.stdout

    def test_gate(self):
        ok = {"schema": 1, "verdict": "PASS", "reasons": [], "expect": "strict,filter,trap",
              "probe": {"strict": "supported", "filter": "supported", "trap": "supported"},
              "probe_full": {"filter": {"verdict": "supported", "backport": False}},
              "selftests": {"pass": 170, "fail": 0, "skip": 0, "error": 0}}
        rc, out = self.gate(ok)
        self.assertEqual(rc, 0, out)
        bad = dict(ok, verdict="FAIL", reasons=["expected trap supported, probe says error"],
                   probe=dict(ok["probe"], trap="error"))
        rc, out = self.gate(bad)
        self.assertNotEqual(rc, 0, out)
        self.assertIn("expected trap supported", out)
        rc, out = self.gate(dict(ok, schema=2))
        self.assertNotEqual(rc, 0, out)


if __name__ == "__main__":
    unittest.main()
