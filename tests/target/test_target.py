# SPDX-License-Identifier: MIT
"""Unit tests of validate-kernel --target's parts (scripts/sprunner/target*.py):
--target parsing, uname -m to arch, the shell reply's end mark (a lost
connection), /init's plan, the initramfs reader and the verdict of a session."""
import gzip
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from sprunner import archs, console, target, target_archive, target_run  # noqa: E402
from sprunner import target_validate  # noqa: E402


def newc(members):
    """A gzipped newc archive of [(name, mode, data)] (the format mkinitramfs writes)."""
    out = b""
    for n, (name, mode, data) in enumerate(members + [("TRAILER!!!", 0, b"")]):
        name_b = name.encode() + b"\0"
        fields = [n + 1, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0]
        out += b"070701" + b"".join(b"%08X" % f for f in fields) + name_b
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return gzip.compress(out)


class LocalTransport(target.Transport):
    """Shell text run by the host's sh: the end-mark logic without a device."""
    program = "sh"

    def __init__(self, wrap=None):
        self.wrap = wrap

    def describe(self):
        return "local"

    def _shell_argv(self, text):
        return ["sh", "-c", self.wrap % text if self.wrap else text]


class TestParse(unittest.TestCase):
    def test_ssh_forms(self):
        for spec, user, host, port in (("ssh://h", None, "h", None),
                                       ("ssh://root@10.0.0.2:2222", "root", "10.0.0.2", 2222),
                                       ("ssh://u@[fe80::1]:22", "u", "[fe80::1]", 22),
                                       ("ssh://board-1.lab/", None, "board-1.lab", None)):
            t = target.parse(spec)
            self.assertEqual((t.user, t.host, t.port), (user, host, port), spec)

    def test_ssh_dest_and_options(self):
        t = target.parse("ssh://u@[::1]:2200")
        self.assertEqual(t._dest(), "u@::1")
        self.assertEqual(t._remote("/tmp/x"), "u@[::1]:/tmp/x")
        self.assertEqual(t.describe(), "ssh://u@[::1]:2200")

    def test_adb_forms(self):
        self.assertIsNone(target.parse("adb").serial)
        self.assertEqual(target.parse("adb:192.168.1.5:5555").serial, "192.168.1.5:5555")

    def test_bad_specs(self):
        for spec in ("ssh://", "ssh://-oProxyCommand=x", "ssh://h:0", "ssh://h:70000",
                     "ssh://a b", "ssh://u@h:22/path", "adb:", "adb:-s", "adb:a b",
                     "telnet://h", "h:22", ""):
            with self.assertRaises(target.TargetError, msg=spec):
                target.parse(spec)


class TestUname(unittest.TestCase):
    def test_every_mapped_arch_has_a_record(self):
        for machine, arch in archs.UNAME_MACHINES.items():
            self.assertIsNotNone(archs.find(arch), machine)

    def test_every_arch_is_reachable(self):
        self.assertEqual(set(archs.UNAME_MACHINES.values()), set(archs.arches()))

    def test_unknown(self):
        for m in ("mips64", "i386", "armv6l", "riscv64", ""):
            self.assertIsNone(archs.from_uname(m), m)


class TestShellReply(unittest.TestCase):
    def test_rc_and_output(self):
        r = LocalTransport().shell("echo hi; exit 3", 10)
        self.assertEqual((r.rc, r.out, r.lost), (3, b"hi\n", False))

    def test_exit_in_text_keeps_the_mark(self):
        r = LocalTransport().shell("exit 0", 10)
        self.assertEqual((r.rc, r.lost), (0, False))

    def test_no_mark_is_lost(self):
        # The session ends before the device prints the end mark.
        r = LocalTransport("echo partial; kill -9 $$; %s").shell("true", 10)
        self.assertEqual((r.lost, r.rc, r.out), (True, None, b"partial\n"))

    def test_mark_in_the_middle_of_a_line_is_not_the_mark(self):
        r = LocalTransport("echo 'x @@SP-TARGET rc=0@@'; kill -9 $$; %s").shell("true", 10)
        self.assertTrue(r.lost)

    def test_text_after_the_mark(self):
        r = LocalTransport("%s\necho logout").shell("echo a; exit 4", 10)
        self.assertEqual((r.lost, r.rc, r.out), (False, 4, b"a\n"))

    def test_crlf_line_ends(self):
        # A pty's "\r\n" (old adb): the end mark still counts, lines read as "\n".
        r = LocalTransport("(%s) | sed 's/$/\\r/'").shell("echo hi; exit 3", 10)
        self.assertEqual((r.lost, r.rc, r.out), (False, 3, b"hi\n"))

    def test_timeout_is_lost(self):
        r = LocalTransport().shell("sleep 5", 0.3)
        self.assertTrue(r.lost and r.timed_out)

    def test_missing_client(self):
        t = LocalTransport()
        t.program, t.install_hint = "no-such-client-program", "hint"
        with self.assertRaises(target.TargetError):
            t.client()


def reply(out, rc=0):
    return target.Reply(rc, out, "", False, False)


class TestDeviceReplies(unittest.TestCase):
    """What the device prints for uname and mktemp is checked before use."""

    def test_uname_lines(self):
        self.assertEqual(target_run.uname_lines(b"x86_64\n6.1.0-13-amd64\n"),
                         ("x86_64", "6.1.0-13-amd64"))
        for out in (b"", b"\n", b"x86_64\n", b"x86_64 extra\n6.1.0\n", b"x86_64\n\n",
                    b"WARNING: linker\nx86_64\n6.1\n", b"\xff\xfegarbage\x00\n6.1\n"):
            with self.assertRaisesRegex(target.TargetError, "uname printed nothing usable",
                                        msg=out):
                target_run.uname_lines(out)

    def test_uname_garbage_is_quoted(self):
        with self.assertRaises(target.TargetError) as cm:
            target_run.uname_lines(b"\xff\x00\n6.1\n")
        self.assertTrue(all(" " <= c <= "~" for c in str(cm.exception)), str(cm.exception))

    def test_temp_dir_of_our_template(self):
        for out, d in ((b"/tmp\n/tmp/sp-target.aB3xYz\n", "/tmp/sp-target.aB3xYz"),
                       (b"/data/local/tmp\n/data/local/tmp/sp-target.000000",
                        "/data/local/tmp/sp-target.000000"),
                       (b"/tmp/\n/tmp//sp-target.abcdef\n", "/tmp//sp-target.abcdef")):
            self.assertEqual(target_run.temp_dir(reply(out)), d)

    def test_temp_dir_refused(self):
        # Each would be removed with rm -rf at the end: never anything but our own.
        for out, rc in ((b"/tmp\n/tmp/brk/victim\n", 0), (b"/tmp\n/tmp\n", 0), (b"/\n/\n", 0),
                        (b"/tmp/sp-target.abcdef\n", 0), (b"/tmp\n/tmp/sp-target.abcde\n", 0),
                        (b"/tmp\n/tmp/sp-target.abcdefg\n", 0),
                        (b"/tmp\n/tmp/sp-target.abcdef\nmore\n", 0),
                        (b"/tmp\n/var/sp-target.abcdef\n", 0),
                        (b"/tmp/..\n/tmp/../sp-target.abcdef\n", 0),
                        (b"/a b\n/a b/sp-target.abcdef\n", 0),
                        (b"/t;x\n/t;x/sp-target.abcdef\n", 0),
                        (b"/t\n/t/sp-target.ab$(x)\n", 0), (b"tmp\ntmp/sp-target.abcdef\n", 0),
                        (b"/tmp\n/tmp/sp-target.abcdef\n", 3)):  # 3: not empty
            with self.assertRaisesRegex(target.TargetError, "nothing was removed", msg=out):
                target_run.temp_dir(reply(out, rc))

    def test_mktemp_text_on_this_machine(self):
        with tempfile.TemporaryDirectory() as top:
            r = LocalTransport().shell(target_run.mktemp_text(("/nonexistent", top)), 10)
            d = target_run.temp_dir(r)
            self.assertTrue(d.startswith(top + "/sp-target.") and os.path.isdir(d), d)


class TestPlan(unittest.TestCase):
    def test_literal(self):
        self.assertEqual(target_run.deadlines("sections: init probe(120s) kconfig(60s) "
                                              "upstream(180s, background)\nwatchdog: 210s\n"),
                         {"probe": 120, "kconfig": 60, "upstream": 180})
        self.assertEqual(target_run.deadlines("nothing\n"), {})

    def test_real_init(self):
        init = os.path.join(os.environ.get("BUILD", os.path.join(ROOT, "build")),
                            "qemu-images", "x86_64", "init")
        if not os.access(init, os.X_OK):
            self.skipTest("%s not built" % init)
        plan = subprocess.run([init, "--plan", ""], stdout=subprocess.PIPE, text=True).stdout
        dl = target_run.deadlines(plan)
        for name in ("probe", "kconfig", "selftests"):
            self.assertGreater(dl.get(name, 0), 0, name)

    def test_frame_command_quotes(self):
        cmd = target_run.frame_command("/tmp/d", "probe", 120, ["/tmp/d/p", "it's"])
        self.assertEqual(cmd, "/tmp/d/init --frame probe 120 -- /tmp/d/p 'it'\"'\"'s' "
                              ">/tmp/d/out/probe 2>&1")


class TestArchive(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, data):
        path = os.path.join(self.dir, "a.cpio.gz")
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_members(self):
        path = self.write(newc([("bin", 0o40755, b""), ("init", 0o100755, b"I" * 5),
                                ("bin/seccomp-probe", 0o100755, b"PROBE"),
                                ("dev/console", 0o20600, b""), ("other", 0o100644, b"x")]))
        self.assertEqual(target_archive.members(path),
                         {"init": b"IIIII", "bin/seccomp-probe": b"PROBE"})
        out = os.path.join(self.dir, "out")
        os.mkdir(out)
        local = target_archive.extract(path, out)
        self.assertEqual(sorted(local), ["bin/seccomp-probe", "init"])
        self.assertTrue(os.access(local["init"], os.X_OK))

    def test_missing_probe(self):
        path = self.write(newc([("init", 0o100755, b"I")]))
        with self.assertRaisesRegex(target_archive.ArchiveError, "/bin/seccomp-probe"):
            target_archive.extract(path, self.dir)

    def test_damaged(self):
        good = gzip.decompress(newc([("init", 0o100755, b"I" * 100)]))
        for data in (gzip.compress(good[:150]), gzip.compress(b"not cpio"), b"not gzip",
                     gzip.compress(good.replace(b"070701", b"070707", 1))):
            with self.assertRaises(target_archive.ArchiveError):
                target_archive.members(self.write(data))


def outcome(console_bytes=b"", **kw):
    out = target_run.Outcome()
    out.console = console_bytes
    out.device = {"arch": "x86_64"}
    for k, v in kw.items():
        setattr(out, k, v)
    return out


def passing_console(kconfig_rc="0", kconfig_doc=b'{"schema": 1, "capabilities": []}',
                    kconfig_text=None):
    """A console that passes; kconfig_text: the kconfig section's own payload."""
    probe = b'{"schema": 2, "kernel": {"arch": "x86_64", "release": "6.1.0"}, "probes": {%s}}' % (
        b", ".join(b'"%s": {"verdict": "supported"}' % n for n in (b"strict", b"filter",
                                                                    b"trap")))
    kc = kconfig_doc if kconfig_rc == "0" else b"absent: no config"
    kc = kc if kconfig_text is None else kconfig_text
    ktap = b"TAP version 13\n1..1\nok 1 x\n# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0\n"
    return (console.frame("init", "target\n") + console.frame("probe", probe + b"\n") +
            console.frame("kconfig", kc + b"\n", kconfig_rc) +
            console.frame("selftests", ktap) + b"@@SP-DONE sections=4@@\n")


class TestJudge(unittest.TestCase):
    EXPECT = ["strict", "filter", "trap"]

    def test_complete_passes(self):
        res, _con = target_validate.judge(outcome(passing_console()), self.EXPECT, [])
        self.assertEqual((res.word, res.reasons), ("PASS", []))

    def test_lost_is_never_pass(self):
        # Even a console that would pass: the connection dropped, so NO-RESULT.
        res, _con = target_validate.judge(outcome(passing_console(), lost="cut"), self.EXPECT,
                                          [])
        self.assertEqual((res.word, res.reasons, res.exit_code), ("NO-RESULT", ["cut"], 3))

    def test_timeout(self):
        res, _con = target_validate.judge(outcome(b"", lost="slow", timed_out=True),
                                          self.EXPECT, [])
        self.assertEqual((res.word, res.exit_code), ("TIMEOUT", 3))

    def test_error(self):
        res, _con = target_validate.judge(outcome(error="no ssh"), self.EXPECT, [])
        self.assertEqual((res.word, res.reasons, res.exit_code), ("ERROR", ["no ssh"], 2))

    def test_no_config_is_not_pass(self):
        res, _con = target_validate.judge(outcome(passing_console("absent")), self.EXPECT, [])
        self.assertEqual(res.word, "FAIL")
        self.assertIn("--config FILE", res.reasons[0])

    def test_config_of_another_arch(self):
        out = outcome(passing_console(
            kconfig_doc=b'{"schema": 1, "kernel": {"arch": "arm64"}, "capabilities": []}'))
        res, _con = target_validate.judge(out, self.EXPECT, [])
        self.assertEqual(res.word, "FAIL")
        self.assertIn("for arch arm64, but the device is x86_64", res.reasons[-1])

    def test_unreadable_config_is_not_called_missing_options(self):
        # kconfig rc 2: its input could not be read or judged (not "not enabled").
        con = passing_console("2", kconfig_text=b"seccomp-probe kconfig: /d/kernel.config: "
                                                b"empty file")
        out = outcome(con)
        out.device["checked"] = "--config /x/empty"
        res, _con = target_validate.judge(out, self.EXPECT, [])
        self.assertEqual(res.word, "FAIL")
        self.assertIn("kconfig check on the device: the check could not read or judge "
                      "--config /x/empty (exit 2): empty file", res.reasons)
        self.assertFalse([r for r in res.reasons if "requirements not enabled" in r], res.reasons)

    def test_truncated_section(self):
        cut = passing_console()
        cut = cut[:cut.index(b"@@SP-END selftests")]
        res, _con = target_validate.judge(outcome(cut), self.EXPECT, [])
        self.assertEqual(res.word, "NO-RESULT")

    def test_qemu_options_refused(self):
        class A:
            kernel, machine, dtb, append, config, initrd = "vmlinuz", None, None, "", None, None
        self.assertIn("--kernel", target_validate.bad_input(A))


if __name__ == "__main__":
    unittest.main()
