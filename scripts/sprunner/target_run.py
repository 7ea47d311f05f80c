# SPDX-License-Identifier: MIT
"""target_run: one validation session on a live device (validate-kernel --target).

Steps, each a command through the Transport (target.py):
  1. `uname -m; uname -r`: the device's arch (archs.from_uname) and release;
  2. the arch's initramfs gives the binaries (target_archive.py): /init and
     the static seccomp-probe and seccomp-selftests a QEMU guest runs;
  3. `mktemp -d` in the transport's temp directories: a fresh, empty
     directory D named by our template (temp_dir: else nothing is removed);
  4. push the binaries (and --config FILE) to D; `D/init --version` proves
     they run there; `D/init --plan` gives the section deadlines of /init's
     own table (qemu-images/init.c) and says which options it would ignore;
  5. each section (sprunner/hostrun.section_commands: the in-place run's
     commands) runs as `D/init --frame NAME DEADLINE -- PROGRAM ARGS`, so
     the device's own /init frames it (qemu-images/frame.c) and kills it at
     its deadline (section.c), into D/out/NAME;
  6. pull D/out; 7. remove D (also after an error or a lost connection).
The console the judge reads is an init frame written here, the frames
pulled, and @@SP-DONE only when every step was done.
"""
import gzip
import os
import re
import shlex
import time
import zlib

from . import archs, console, hostrun, paths
from .target import Lost, TargetError, last_line
from .target_archive import ArchiveError, extract

# "sections: init probe(120s) kconfig(60s) ..." of `init --plan`.
PLAN_RE = re.compile(r"(?m)^sections:(.*)$")
# "name(120s)", or with notes after the deadline: "upstream(180s, background)".
DEADLINE_RE = re.compile(r"([a-z0-9_-]+)\((\d+)s(?:, [^)]*)?\)")
DIR_RE = re.compile(r"^/[A-Za-z0-9._/-]*$")
# The name of the directory the run makes on the device (mktemp -d template).
TEMP_PREFIX = "sp-target."
TEMP_NAME_RE = re.compile(r"^/%s[A-Za-z0-9]{6}$" % re.escape(TEMP_PREFIX))
# One line of uname -m or uname -r.
UNAME_WORD_RE = re.compile(r"^[!-~]+$")
# Seconds beyond a section's device deadline before the host calls it lost.
MARGIN_S = 30
# Deadline of every other step (uname, mktemp, push, plan, pull), seconds.
STEP_S = 120
# Cleanup runs even after --timeout passed, this long at most.
CLEANUP_S = 30
# What a --config FILE is called on the device.
CONFIG_NAME = "kernel.config"


class Outcome:
    """What a session produced. console: framed bytes for console.parse;
    device: {"uname_m", "arch", "release", "dir", "archive", "config",
    "checked" (the config the device's check was given, for the report)};
    error: the ERROR reason or None; lost: the NO-RESULT reason or None;
    timed_out: --timeout passed; cleanup: one sentence on the pushed files;
    config_text: the config the device's check read (for the agreement
    check), or None; seconds: the whole session's wall time."""

    def __init__(self):
        self.console, self.device, self.error, self.lost = b"", {}, None, None
        self.timed_out, self.cleanup, self.config_text, self.seconds = False, None, None, 0.0
        self.init_text = ""  # `init --version` and `init --plan` as the device printed them


class Session:
    def __init__(self, transport, timeout_s):
        self.t = transport
        self.stop_at = time.monotonic() + timeout_s
        self.timeout_s = timeout_s
        self.reached = False  # the device answered once

    def budget(self, want_s):
        """Seconds a step may take: want_s, cut to what --timeout leaves."""
        left = self.stop_at - time.monotonic()
        if left <= 0:
            raise Lost("the run on the device took longer than --timeout %.0f s" %
                       self.timeout_s, timed_out=True)
        return min(want_s, left)

    def shell(self, what, text, want_s=STEP_S):
        """Reply of shell text; Lost when the device did not finish it."""
        budget = self.budget(want_s)
        r = self.t.shell(text, budget)
        if r.lost:
            if r.timed_out and budget < want_s:
                raise Lost("the run on the device took longer than --timeout %.0f s (during %s)"
                           % (self.timeout_s, what), timed_out=True)
            why = "no answer within %.0f s" % budget if r.timed_out else last_line(r.err)
            if not self.reached and r.out.strip() and not r.timed_out:
                raise Lost("the device answered (%s), but its reply ended before the end mark "
                           "@@SP-TARGET rc=N@@: %s" % (what, why))
            if not self.reached:
                raise Lost("the device could not be reached (%s): %s" % (what, why))
            raise Lost("the connection to the device was lost during %s: %s" % (what, why))
        self.reached = True
        return r

    def copy(self, what, fn, *args):
        ok, msg = fn(*args, self.budget(STEP_S))
        if not ok:
            raise Lost("the connection to the device was lost during %s: %s" % (what, msg))


def mktemp_text(parents):
    """Shell text making a directory P/sp-target.XXXXXX with mktemp -d in the
    first parent P where that works and it is writable: prints P and the
    directory (two lines), then exits 0 when `ls -A` shows it empty (fresh),
    3 when not; exits 1 when no parent worked."""
    return ("for p in %s; do d=$(mktemp -d \"$p/%sXXXXXX\" 2>/dev/null) && "
            "[ -d \"$d\" ] && [ -w \"$d\" ] && { echo \"$p\"; echo \"$d\"; "
            "e=$(ls -A \"$d\") && [ -z \"$e\" ] && exit 0; exit 3; }; done; exit 1"
            % (" ".join(parents), TEMP_PREFIX))


def temp_dir(reply):
    """The directory D of mktemp_text's Reply: rc 0 and exactly the two lines
    "P" and "P/sp-target.XXXXXX" (X: a letter or digit), P absolute, of
    DIR_RE's characters only (no whitespace or shell metacharacter), no . or
    .. component. It is what the run removes at the end (rm -rf), so anything
    else raises TargetError and nothing is removed."""
    text = reply.out.decode("utf-8", "replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if reply.rc == 0 and len(lines) == 2:
        parent, d = lines
        if (DIR_RE.match(parent) and DIR_RE.match(d) and TEMP_NAME_RE.match(d[len(parent):])
                and d.startswith(parent) and
                not {".", ".."} & set(parent.split("/"))):
            return d
    raise TargetError("mktemp -d on the device printed %s, not a new empty %sXXXXXX "
                      "directory of its own: nothing was removed" % (shown(text, 120),
                                                                     TEMP_PREFIX))


def shown(text, limit=80):
    """text for a one-line report: as it is when it is short printable ASCII
    of one line, else Python's quoted form, cut to limit characters."""
    if text and len(text) <= limit and all(" " <= c <= "~" for c in text):
        return text
    q = ascii(text)
    return q if len(q) <= limit else q[:limit] + "..."


def uname_lines(reply_out):
    """(uname -m, uname -r) of the reply to "uname -m; uname -r": its two lines,
    each one word of printable ASCII. TargetError (the device answered, but
    not with this) otherwise."""
    text = reply_out.decode("utf-8", "replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) == 2 and all(UNAME_WORD_RE.match(w) for w in lines):
        return lines[0], lines[1]
    raise TargetError("the device's uname printed nothing usable: %s (want a uname -m line, "
                      "then a uname -r line)" % (shown(text) if text else "no output"))


def deadlines(plan_text):
    """{section: seconds} from `init --plan` output ({} when it has no sections line)."""
    m = PLAN_RE.search(plan_text)
    return {n: int(s) for n, s in DEADLINE_RE.findall(m.group(1))} if m else {}


def frame_command(d, name, secs, argv):
    """Shell text: D/init frames argv's run (deadline secs) into D/out/name."""
    return "%s/init --frame %s %d -- %s >%s/out/%s 2>&1" % (
        d, name, secs, " ".join(shlex.quote(a) for a in argv), d, name)


def read_config(path):
    """Text of a plain or gzipped config file, or None."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
        return (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8",
                                                                                 "replace")
    except (OSError, EOFError, zlib.error):
        return None


def _start(s, out, arch_wanted, initrd, work):
    """Steps 1-3: (arch, {member: local path}, D); fills out.device."""
    r = s.shell("uname", "uname -m; uname -r")
    machine, release = uname_lines(r.out)
    arch = archs.from_uname(machine)
    out.device.update(uname_m=machine, release=release, arch=arch)
    if arch is None:
        raise TargetError("the device's kernel is %s (uname -m); binaries are built for %s" % (
            machine, ", ".join("%s (%s)" % (a, ", ".join(
                m for m, v in archs.UNAME_MACHINES.items() if v == a))
                for a in archs.arches())))
    if arch_wanted and arch_wanted != arch:
        raise TargetError("--arch %s, but the device's kernel is %s (uname -m %s)" % (
            arch_wanted, arch, machine))
    archive = initrd or paths.initrd(arch)
    out.device["archive"] = archive
    try:
        local = extract(archive, work)
    except ArchiveError as e:
        raise TargetError("no binaries for %s: %s%s" % (
            arch, e, "" if initrd else " (make initramfs-%s)" % arch))
    r = s.shell("mktemp", mktemp_text(s.t.temp_parents))
    if r.rc not in (0, 3) or not r.out.strip():
        raise TargetError("the device has no writable temporary directory: mktemp -d failed "
                          "in %s" % ", ".join(p.strip('"') for p in s.t.temp_parents))
    return arch, local, temp_dir(r)


def _prepare(s, out, local, d, config, require, backports, work):
    """Step 4: push, prove, plan. Returns the config path the device checks, or None."""
    files = list(local.values())
    if config:
        # Under a name of our own: the user's file name could be "init".
        files.append(os.path.join(work, CONFIG_NAME))
        with open(config, "rb") as src, open(files[-1], "wb") as dst:
            dst.write(src.read())
    s.copy("the copy of the binaries", s.t.push, files, d)
    names = " ".join(os.path.basename(p) for p in local.values())
    opts = " ".join(w for w in ("sp.require=" + require if require else "",
                                "sp.expect_backport=" + ",".join(backports) if backports
                                else "") if w)
    r = s.shell("the start of /init", "cd %s && chmod 755 %s && mkdir out && ./init --version && "
                "./init --plan %s && if [ -r /proc/config.gz ]; then cat /proc/config.gz "
                ">out/config.gz && echo proc-config=yes; fi" % (d, names, shlex.quote(opts)))
    text = r.out.decode("utf-8", "replace")
    if r.rc != 0 or not text.startswith("seccomp-probe-init "):
        raise TargetError("the binaries pushed to %s do not run there: %s (a noexec mount, or a CPU they were not built for?)" % (
            d, last_line(r.err) if r.err.strip() else "exit %s" % r.rc))
    plan = text.replace("proc-config=yes\n", "")
    out.init_text = plan
    if config:
        remote = "%s/%s" % (d, CONFIG_NAME)
        out.device["config"] = "%s (--config), copied to %s%s" % (
            config, remote, "; the device's own /proc/config.gz is not checked"
            if "proc-config=yes" in text.splitlines() else "")
        out.device["checked"] = "--config %s" % config
        out.config_text = read_config(config)
    elif "proc-config=yes" in text.splitlines():
        remote = "/proc/config.gz"
        out.device["config"] = out.device["checked"] = "/proc/config.gz on the device"
    else:
        remote = None
        out.device["config"] = None
    return remote


def _sections(s, out, local, d, config_remote, require, backports, work):
    """Steps 5-6: (section names, their framed bytes), in /init's order."""
    dl = deadlines(out.init_text)
    cmds = hostrun.section_commands(d + "/seccomp-probe", d + "/seccomp-selftests", backports,
                                    require, config_remote)
    ran = []
    for name, argv in cmds:
        if name not in dl:
            raise TargetError("the device's /init has no section %s (init --plan)" % name)
        if name == "selftests" and "bin/seccomp-selftests" not in local:
            ran.append((name, console.frame(name, "absent: no /bin/seccomp-selftests in %s\n" %
                                            out.device["archive"], "absent")))
        elif name == "kconfig" and config_remote is None:
            ran.append((name, console.frame(name, "absent: no /proc/config.gz on the device "
                                            "and no --config FILE\n", "absent")))
        else:
            s.shell("the %s section" % name, frame_command(d, name, dl[name], argv),
                    dl[name] + MARGIN_S)
            ran.append((name, None))
    s.copy("the copy of the results", s.t.pull, d + "/out", work)
    got = os.path.join(work, "out")
    parts = []
    for name, framed in ran:
        if framed is None:
            try:
                with open(os.path.join(got, name), "rb") as f:
                    framed = f.read()
            except OSError:
                framed = b""
        parts.append(framed)
    if config_remote == "/proc/config.gz":
        out.config_text = read_config(os.path.join(got, "config.gz"))
    return [name for name, _f in ran], parts


def init_frame(transport, out, ran):
    """The init section of a device run: where, which kernel, /init's own plan
    (its whole table) and the sections run from it (ran: their names)."""
    dev, dl = out.device, deadlines(out.init_text)
    text = ("target: %s, the device's running kernel (no QEMU)\nkernel: %s %s\ndir: %s\n%s"
            "device sections: %s\n" % (
                transport.describe(), dev.get("release"), dev.get("uname_m"), dev.get("dir"),
                out.init_text, " ".join("%s(%ss)" % (n, dl.get(n)) for n in ran)))
    return console.frame("init", text)


def run(transport, timeout_s, work, arch=None, initrd=None, config=None, require="",
        backports=()):
    """One session on the device behind transport, scratch files in work (a local
    empty directory). timeout_s bounds the whole run. Returns an Outcome; never
    raises TargetError or Lost (they become out.error / out.lost)."""
    out, s, d = Outcome(), Session(transport, timeout_s), None
    start = time.monotonic()
    try:
        transport.client()
        _arch, local, d = _start(s, out, arch, initrd, work)
        out.device["dir"] = d
        config_remote = _prepare(s, out, local, d, config, require, backports, work)
        names, parts = _sections(s, out, local, d, config_remote, require, backports, work)
        out.console = init_frame(transport, out, names) + b"".join(parts) + \
            b"@@SP-DONE sections=%d@@\n" % (len(parts) + 1)
    except TargetError as e:
        out.error = str(e)
    except Lost as e:
        out.lost, out.timed_out = str(e), e.timed_out
    finally:
        if d is not None:
            out.cleanup = _cleanup(transport, d)
    out.seconds = time.monotonic() - start
    return out


def _cleanup(transport, d):
    """Step 7: remove D; one sentence saying whether it is gone."""
    r = transport.shell("rm -rf %s" % d, CLEANUP_S)
    if r.lost:
        return "%s could not be removed (%s): it is left on the device" % (
            d, "no answer" if r.timed_out else last_line(r.err))
    if r.rc != 0:
        return "rm -rf %s failed on the device: %s" % (d, last_line(r.err))
    return "removed %s from the device" % d
