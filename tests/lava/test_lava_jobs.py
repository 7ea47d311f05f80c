# SPDX-License-Identifier: MIT
"""Unit tests of the LAVA job writer (scripts/lava-jobs, sprunner/lava_*.py)
without QEMU: the files are YAML that LAVA's own schemas accept, their QEMU
options and command line are the runner's (archs.py), and the monitor
patterns, run as LAVA runs them (monitor_sim), record exactly the cases the
runner reads from the same console, real program output framed by /init's
own host mode (init --frame)."""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

from urllib.parse import quote

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, HERE)
from sprunner import archs, console, lava_jobs, lava_results, lava_sets, lava_yaml  # noqa: E402
import monitor_sim  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
LAVA_JOBS = os.path.join(ROOT, "scripts", "lava-jobs")
try:
    from lava_common import schemas as lava_schemas
    from lava_common.schemas import device as lava_device_schema
except ImportError:  # check-lava-jobs installs lava-common; the rest runs without it
    lava_schemas = None


def fake_image(path, fmt):
    """A file whose first bytes kimage reads as fmt (the job writer only looks)."""
    data = bytearray(8192)
    if fmt == "bzImage":
        data[0x202:0x206] = b"HdrS"
        struct.pack_into("<H", data, 0x206, 0x20F)
        struct.pack_into("<H", data, 0x236, 1)
    elif fmt == "zImage":
        struct.pack_into("<I", data, 0x24, 0x016F2818)
    elif fmt == "arm64":
        data[0x38:0x3C] = b"ARM\x64"
    with open(path, "wb") as f:
        f.write(bytes(data))


def fake_kernels(top):
    """A kernel cache (4 Debian flavours) and a historic folder (3.4bp-x86_64)."""
    cache, hist = os.path.join(top, "kernels"), os.path.join(top, "historic")
    for name, flavour, arch, fmt in (("6.1-amd64", "amd64", "x86_64", "bzImage"),
                                     ("6.1-686", "686", "i386", "bzImage"),
                                     ("6.1-armmp", "armmp", "armhf", "zImage"),
                                     ("6.1-arm64", "arm64", "arm64", "arm64")):
        d = os.path.join(cache, name)
        os.makedirs(d)
        fake_image(os.path.join(d, "vmlinuz"), fmt)
        open(os.path.join(d, "config"), "w").close()
        if flavour == "armmp":
            open(os.path.join(d, "vexpress-v2p-ca9.dtb"), "wb").close()
        with open(os.path.join(d, "kernel.json"), "w") as f:
            json.dump({"name": name, "flavour": flavour, "arch": arch,
                       "release": "6.1.0-test-" + flavour}, f)
    d = os.path.join(hist, "3.4bp-x86_64")
    os.makedirs(d)
    fake_image(os.path.join(d, "vmlinuz"), "bzImage")
    with open(os.path.join(d, "kernel.json"), "w") as f:
        json.dump({"name": "3.4bp-x86_64", "arch": "x86_64", "machine": "pc",
                   "release": "3.4.113", "backport": True}, f)
    return cache, hist


def run_writer(*args):
    p = subprocess.run([LAVA_JOBS] + list(args), cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, BUILD=BUILD, PYTHONDONTWRITEBYTECODE="1"))
    return p.returncode, p.stdout + p.stderr


class Writer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="lava-jobs-test.")
        cls.cache, cls.hist = fake_kernels(cls.tmp)
        cls.out = os.path.join(cls.tmp, "out")
        rc, text = run_writer("--kernels", cls.cache, "--historic", cls.hist, "--out", cls.out,
                              "--board-type", "my-board", "--board-dtb",
                              "http://files.example/board.dtb")
        assert rc == 0, text
        cls.docs = {}
        for sub in ("qemu", "board", "devices"):
            for name in sorted(os.listdir(os.path.join(cls.out, sub))):
                with open(os.path.join(cls.out, sub, name)) as f:
                    cls.docs[sub + "/" + name] = yaml.safe_load(f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def jobs(self, sub):
        return {k: v for k, v in self.docs.items() if k.startswith(sub + "/")}

    def test_one_job_per_kernel_and_machine(self):
        self.assertEqual(sorted(self.jobs("qemu")), [
            "qemu/3.4bp-x86_64.yaml", "qemu/6.1-686.yaml", "qemu/6.1-amd64.yaml",
            "qemu/6.1-arm64.yaml", "qemu/6.1-armmp-vexpress-a9.yaml", "qemu/6.1-armmp.yaml"])
        self.assertEqual(sorted(self.jobs("devices")), [
            "devices/qemu-%s-%s.yaml" % (r.arch, r.machine) for r in sorted(
                archs.RECORDS, key=lambda r: "qemu-%s-%s.yaml" % (r.arch, r.machine))])

    def test_device_options_are_the_runners(self):
        for r in archs.RECORDS:
            dev = self.docs["devices/qemu-%s-%s.yaml" % (r.arch, r.machine)]
            q = dev["actions"]["boot"]["methods"]["qemu"]["parameters"]
            argv = archs.command(r, "K", "I")
            want = " ".join(argv[1:argv.index("-kernel")])
            self.assertEqual(q["command"], r.qemu)
            self.assertEqual(" ".join(q["options"]), want)
            for opt in ("-M %s" % r.machine, "-cpu %s" % r.cpu, "-m %d" % r.memory_mb,
                        "-accel tcg"):
                self.assertIn(opt, q["options"])
            self.assertFalse([o for o in q["options"] if "kvm" in o])
            self.assertEqual(dev["available_architectures"], [lava_jobs.lava_arch(r)])

    def test_a_changed_record_changes_the_files(self):
        r = archs.find("armhf")._replace(cpu="cortex-a7", memory_mb=768, console="ttyS9")
        q = lava_jobs.qemu_device(r)["actions"]["boot"]["methods"]["qemu"]["parameters"]
        self.assertIn("-cpu cortex-a7", q["options"])
        self.assertIn("-m 768", q["options"])
        _opts, args = lava_jobs.qemu_split(r)
        self.assertIn('-append "console=ttyS9 %s"' % archs.BASE_APPEND, args["kernel"])

    def test_jobs_boot_as_the_runner(self):
        for name, job in self.jobs("qemu").items():
            meta = job["metadata"]
            r = archs.find(meta["seccomp-probe.arch"], meta["seccomp-probe.machine"])
            images = job["actions"][0]["deploy"]["images"]
            append = "sp.require=strict,filter,trap sp.expect_backport=filter" \
                if "3.4bp" in name else ""
            self.assertEqual(images["kernel"]["image_arg"],
                             '-kernel {kernel} -append "%s"' % archs.cmdline(r, append), name)
            self.assertEqual(images["initrd"]["url"], "file://" + os.path.join(
                BUILD, "initramfs-%s.cpio.gz" % r.arch))
            for img in images.values():
                self.assertTrue(img["url"].startswith("file:///"))
                self.assertTrue(os.path.isfile(img["url"][len("file://"):]), img["url"])
            self.assertEqual("dtb" in images, r.needs_dtb, name)
            self.assertEqual(job["context"]["arch"], lava_jobs.lava_arch(r))
            self.assertTrue(job["context"]["no_kvm"])

    def test_monitors_follow_the_guests_plan(self):
        plan = lava_jobs.plan_of(BUILD, archs.cmdline(archs.find("x86_64")))
        sets = lava_sets.result_sections(plan.sections)
        self.assertEqual(sets[:3], ["probe", "kconfig", "selftests"])
        for name, job in list(self.jobs("qemu").items()) + list(self.jobs("board").items()):
            test = job["actions"][2]["test"]
            self.assertEqual([m["name"] for m in test["monitors"]], sets, name)
            for m in test["monitors"]:
                self.assertEqual(m["start"], "@@SP-BEGIN %s@@" % m["name"])
                self.assertEqual(m["end"], "@@SP-END %s " % m["name"])
            self.assertGreaterEqual(test["timeout"]["minutes"] * 60, plan.watchdog_s)
            quiet = job["timeouts"]["connections"]["lava-test-monitor"]["minutes"] * 60
            self.assertGreater(quiet, max(plan.deadlines.values()))

    def test_board_jobs(self):
        boards = self.jobs("board")
        self.assertEqual(sorted(boards), ["board/6.1-arm64.yaml", "board/6.1-armmp.yaml"])
        for name, job in boards.items():
            self.assertEqual(job["device_type"], "my-board")
            deploy = job["actions"][0]["deploy"]
            self.assertEqual(deploy["to"], "tftp")
            self.assertEqual(deploy["kernel"]["type"], "zimage" if "armmp" in name else "image")
            self.assertEqual(deploy["dtb"]["url"], "http://files.example/board.dtb")
            self.assertFalse(deploy["ramdisk"]["install_overlay"])
            boot = job["actions"][1]["boot"]
            self.assertEqual((boot["method"], boot["commands"]), ("u-boot", "ramdisk"))
            self.assertEqual(job["context"]["extra_kernel_args"], archs.BASE_APPEND)
        with open(os.path.join(self.out, "index.tsv")) as f:
            index = f.read()
        self.assertIn("none: kernel 6.1-amd64: a bzImage64 image", index)

    def test_lavas_own_schemas_accept_them(self):
        if lava_schemas is None:
            self.skipTest("lava_common (Debian's lava-common) is not installed")
        for name, doc in self.docs.items():
            if name.startswith("devices/"):
                lava_device_schema.validate(doc)
            else:
                lava_schemas.validate(doc, strict=True)

    def test_yaml_round_trip(self):
        for doc in ({"a": "- x", "b": "yes", "c": "1.5", "d": "it's", "e": "tab\there",
                     "f": "\u00e9", "g": [], "h": {}, "i": None, "j": [{"k": ["l", 2]}],
                     "m": True, "n": "-M pc", "o": "a: b", "p": "#x", "q": "0x1f"},):
            self.assertEqual(yaml.safe_load(lava_yaml.dump(doc, "comment")), doc)
        job = self.docs["qemu/6.1-amd64.yaml"]
        self.assertEqual(yaml.safe_load(lava_yaml.dump(job)), job)

    def test_bad_input(self):
        for args, word in ((["--url-map", "nourl"], "--url-map"),
                           (["--only", "no-such-kernel"], "no kernel no-such-kernel"),
                           (["--kernels", os.path.join(self.tmp, "empty"), "--no-historic"],
                            "no kernel in")):
            rc, text = run_writer("--kernels", self.cache, "--historic", self.hist,
                                  "--out", os.path.join(self.tmp, "bad"), *args)
            self.assertEqual(rc, 2, text)
            self.assertIn(word, text)


class Inputs(unittest.TestCase):
    """Odd kernel.json files and option values: one line and exit 2, nothing
    written outside --out; or, for --url-map, URLs that are right."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lava-jobs-input.")
        self.cache, self.hist = fake_kernels(self.tmp)
        self.meta = os.path.join(self.cache, "6.1-amd64", "kernel.json")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def refused(self, args, word):
        out = os.path.join(self.tmp, "out", "deep")
        rc, text = run_writer("--kernels", self.cache, "--no-historic", "--out", out, *args)
        self.assertEqual(rc, 2, text)
        self.assertEqual(len(text.strip().splitlines()), 1, text)
        self.assertIn(word, text)
        self.assertNotIn("Traceback", text)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["historic", "kernels"], text)

    def set_meta(self, **kw):
        with open(self.meta) as f:
            meta = json.load(f)
        meta.update(kw)
        for k in [k for k, v in meta.items() if v is None]:
            del meta[k]
        with open(self.meta, "w") as f:
            json.dump(meta, f)

    def test_kernel_names(self):
        # ../../../escaped: qemu/<name>.yaml under --out would be self.tmp/escaped.yaml.
        for name in ("../../escaped", "../../../escaped", "sub/dir",
                     "a\tb", "a\nb", ".hidden", "..", "", "a b", "x;y", "\u00e9"):
            self.set_meta(name=name)
            self.refused([], self.meta + ": kernel name")

    def test_kernel_arch(self):
        self.set_meta(arch=None)
        self.refused([], self.meta + ": no arch field")
        self.set_meta(arch="mips")
        self.refused([], self.meta + ": arch 'mips' is unknown")

    def test_good_names_pass(self):
        self.set_meta(name="6.1.0+vendor_2@lab-1")
        rc, text = run_writer("--kernels", self.cache, "--no-historic", "--out",
                              os.path.join(self.tmp, "out"), "--only", "6.1.0+vendor_2")
        self.assertEqual(rc, 0, text)
        self.assertTrue(os.path.isfile(os.path.join(self.tmp, "out", "qemu",
                                                    "6.1.0+vendor_2-lab-1.yaml")))

    def test_option_values(self):
        for args, word in ((["--url-map", "build=://"], "--url-map build: '://'"),
                           (["--url-map", "build=http://"], "scheme://host"),
                           (["--url-map", "build=host/x"], "scheme://host"),
                           (["--url-map", "build=http://h/x?y"], "scheme://host"),
                           (["--url-map", "build=http://a b/"], "scheme://host"),
                           (["--only", ","], "--only ',': no kernel names"),
                           (["--only", ""], "--only '': no kernel names"),
                           (["--board-type", ""], "--board-type ''"),
                           (["--board-type", "a\nb"], "--board-type 'a\\nb'"),
                           (["--board-type", "a: b"], "--board-type 'a: b'"),
                           (["--board-dtb", "board.dtb"], "--board-dtb 'board.dtb'")):
            self.refused(args, word)

    def test_url_map(self):
        out = os.path.join(self.tmp, "out")
        for prefix, want in (("http://h/", "http://h/"), ("http://h/a b", "http://h/a%20b/"),
                             ("http://h/a%20b/", "http://h/a%20b/"),
                             ("https://[::1]:8080/x", "https://[::1]:8080/x/")):
            rc, text = run_writer("--kernels", self.cache, "--no-historic", "--out", out,
                                  "--only", "6.1-amd64", "--url-map", "/=" + prefix)
            self.assertEqual(rc, 0, text)
            with open(os.path.join(out, "qemu", "6.1-amd64.yaml")) as f:
                images = yaml.safe_load(f)["actions"][0]["deploy"]["images"]
            self.assertEqual(images["kernel"]["url"], want + quote(os.path.join(
                self.cache, "6.1-amd64", "vmlinuz").lstrip("/")), prefix)
        self.assertEqual(lava_jobs.url_of("/srv/k dir/v", [("/srv", "http://h/b%20c")]),
                         "http://h/b%20c/k%20dir/v")


def frame(section, argv, seconds=120):
    """The console text /init writes for one section running argv (init's host
    mode: init --frame SECTION SECONDS -- PROGRAM ARGS)."""
    init = os.path.join(BUILD, "qemu-images", "x86_64", "init")
    p = subprocess.run([init, "--frame", section, str(seconds), "--"] + argv,
                       capture_output=True, stdin=subprocess.DEVNULL)
    return p.stdout.decode("utf-8", "replace")


KTAP_CORNERS = """TAP version 13
1..7
# a diagnostic that says ok 3 not_a_test
#  RUN           f.named_pass ...
#            OK  f.named_pass
ok 1 f.named_pass
#          FAIL  f.named_fail
not ok 2 f.named_fail
#      SKIP      no such feature
#            OK  f.nameless_skip
ok 3 # SKIP no such feature
ok 4 f.named_skip # SKIP not here
ok 5 f.xfail # XFAIL known
#          FAIL  f.timed_out
not ok 6 # TIMEOUT
    ok 1 nested.subtest
ok 7 f.last
# Totals: pass:3 fail:2 xfail:1 xpass:0 skip:2 error:0
"""
KTAP_WANT = [("f.named_pass", "pass"), ("f.named_fail", "fail"), ("f.nameless_skip", "skip"),
             ("f.named_skip", "skip"), ("f.xfail", "pass"), ("f.timed_out", "fail"),
             ("f.last", "pass")]


class Patterns(unittest.TestCase):
    """LAVA's view (monitor_sim over the patterns) = the runner's view (lava_sets)."""

    @classmethod
    def setUpClass(cls):
        probe = os.path.join(BUILD, "seccomp-probe")
        # strict only: capabilities enabled and missing, --require not met (rc 1).
        config = os.path.join(ROOT, "tests", "kconfig", "fixtures",
                              "old-2.6.29-x86_64-mainline.config")
        cls.text = ("[    0.000000] Linux version 6.1\n@@SP-BEGIN init@@\nx\n"
                    "@@SP-END init bytes=2 crc32=00000000 rc=0@@\n" +
                    frame("probe", [probe, "--json"]) +
                    frame("kconfig", [probe, "kconfig", "--json", "--require",
                                      "strict,filter,trap", config]) +
                    console.frame("selftests", KTAP_CORNERS).decode() +
                    frame("probe-compat", ["/nonexistent/seccomp-probe"]) +
                    frame("selftests-compat", [os.path.join(BUILD, "seccomp-selftests")], 300) +
                    console.frame("upstream", "absent: no /bin/seccomp_bpf\n", "absent").decode() +
                    "@@SP-DONE sections=7@@\n[   12.0] reboot: Power down\n")
        cls.names = lava_sets.result_sections(
            ["init", "probe", "kconfig", "selftests", "probe-compat", "selftests-compat",
             "upstream"])
        cls.monitors = [lava_sets.monitor(n) for n in cls.names]

    def lava(self, text, monitors=None):
        return [(d, i, r) for d, _c, i, r in monitor_sim.run(monitors or self.monitors, text)]

    def test_same_cases(self):
        want = lava_sets.expected_cases(console.parse(self.text), self.names)
        got = self.lava(self.text)
        self.assertEqual(got, want)
        per = {s: [c for c in want if c[0] == s] for s in self.names}
        self.assertGreaterEqual(len(per["probe"]), 18)
        self.assertEqual([(n, r) for _s, n, r in per["kconfig"]],
                         [("strict", "pass"), ("filter", "skip"), ("trap", "skip"),
                          ("result", "fail")])
        self.assertEqual([(n, r) for _s, n, r in per["selftests"]], KTAP_WANT)
        self.assertGreaterEqual(len(per["selftests-compat"]), 100)
        self.assertEqual(per["probe-compat"], [])   # rc 127: a program that is not there
        runs = [(s, c, i, r) for (s, i, r), c in zip(
            got, [lava_results.case_id(i) for _s, i, _r in got])]
        self.assertEqual(lava_results.compare(runs, want), [])

    def test_a_broken_pattern_is_seen(self):
        broken = [dict(m, fixupdict={k: v for k, v in m["fixupdict"].items() if k != "SKIP"})
                  for m in self.monitors]
        want = lava_sets.expected_cases(console.parse(self.text), self.names)
        self.assertNotEqual(self.lava(self.text, broken), want)
        plain = [dict(m, pattern=r"\n(?P<result>not ok|ok) \d+ (?P<test_case_id>\S+)")
                 if lava_sets.SECTION_KIND[m["name"]] == "ktap" else m for m in self.monitors]
        self.assertNotEqual(self.lava(self.text, plain), want)

    def test_silent_guest_is_no_pass(self):
        with self.assertRaises(monitor_sim.NoStart):
            self.lava("[    0.000000] Linux version 6.1\n[    1.0] reboot: Power down\n")
        run = lava_results.read_log('{"lvl": "results", "msg": {"case": "job", "definition": '
                                    '"lava", "result": "fail", "error_type": "Infrastructure"}}\n')
        self.assertEqual((run.verdict(), run.cases), ("Infrastructure", []))
        self.assertEqual(lava_results.read_log("").verdict(), "no job result")

    def test_truncated_console_is_no_reference(self):
        cut = self.text[:self.text.index("@@SP-BEGIN selftests-compat@@") + 200]
        with self.assertRaises(monitor_sim.EndOfStream):
            self.lava(cut)
        with self.assertRaises(ValueError):
            lava_sets.expected_cases(console.parse(cut), self.names)

    def test_recorded_consoles(self):
        logs = os.path.join(BUILD, "historic", "logs")
        seen = 0
        for name in sorted(os.listdir(logs)) if os.path.isdir(logs) else []:
            with open(os.path.join(logs, name), "rb") as f:
                raw = f.read()
            try:
                want = lava_sets.expected_cases(console.parse(raw), self.names)
            except ValueError:
                continue   # an incomplete console is no reference
            self.assertEqual(self.lava(raw.decode("utf-8", "replace")), want, name)
            seen += 1
        if not seen:
            self.skipTest("no complete console under %s (make historic)" % logs)


if __name__ == "__main__":
    unittest.main()
