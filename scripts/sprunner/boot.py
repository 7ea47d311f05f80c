# SPDX-License-Identifier: MIT
"""boot: run one QEMU boot with a deadline, keep the console log, judge it.

QEMU reads stdin under -nographic, so it gets /dev/null. Its exit code says
nothing about the guest (panic=-1 with -no-reboot exits 0): the verdict comes
from the console.
"""
import os
import re
import select
import signal
import shutil
import subprocess
import threading
import time

from . import archs, console, kimage, timing, verdict


class BadInput(Exception):
    """Input the runner refuses before starting QEMU (verdict ERROR)."""


def check_inputs(arch, machine, kernel, initrd, dtb):
    """The arch record after checking every input file; raises BadInput."""
    rec = archs.find(arch, machine)
    if rec is None:
        if archs.find(arch) is None:
            raise BadInput("unknown arch '%s' (known: %s)" % (arch, ", ".join(archs.arches())))
        raise BadInput("unknown machine '%s' for %s (known: %s)" % (
            machine, arch, ", ".join(archs.machines(arch))))
    for what, path in (("kernel", kernel), ("initrd", initrd), ("dtb", dtb)):
        if path is not None and not os.path.isfile(path):
            raise BadInput("%s %s: no such file" % (what, path))
        if path is not None and not os.access(path, os.R_OK):
            raise BadInput("%s %s: not readable" % (what, path))
    try:
        fmt = kimage.identify_file(kernel)
    except OSError as e:
        raise BadInput("kernel %s: %s" % (kernel, e.strerror))
    if fmt is None:
        raise BadInput("kernel %s: not a kernel image (no bzImage, zImage, uImage, arm64 "
                       "Image or ELF header)" % kernel)
    with open(kernel, "rb") as f:
        head = f.read(65536)
    reason = kimage.truncation(head, fmt, os.path.getsize(kernel))
    if reason:
        raise BadInput("kernel %s: %s" % (kernel, reason))
    if fmt not in rec.image_formats:
        raise BadInput("kernel %s: a %s image, which %s/%s does not boot (wants %s)" % (
            kernel, fmt, rec.arch, rec.machine, ", ".join(rec.image_formats)))
    if rec.needs_dtb and dtb is None:
        raise BadInput("machine %s needs --dtb (the board's device tree)" % rec.machine)
    if shutil.which(rec.qemu) is None:
        raise BadInput("%s not found (install qemu-system-x86 / qemu-system-arm)" % rec.qemu)
    return rec


def seconds_arg(text):
    """argparse type for a timeout: a finite number of seconds, 0 to 86400."""
    import argparse
    import math
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("'%s' is not a number of seconds" % text)
    if not math.isfinite(v) or v < 0 or v > 86400:
        raise argparse.ArgumentTypeError("'%s': give 0 to 86400 seconds" % text)
    return v


def exit_on_sigterm():
    """Make SIGTERM raise SystemExit in the main thread, so a boot in progress
    kills its QEMU before the tool ends (call once from a tool's main)."""
    def _raise(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, _raise)


def _kill_group(proc):
    """Kill QEMU's process group (it runs in a session of its own) and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()


# Console lines whose arrival time the host notes (timing.py reads them).
MARK_RE = re.compile(rb"@@SP-(?:BEGIN|END|DONE)|Run \S+ as init process|Linux version ")


class _Marks:
    """Splits console bytes into lines as they arrive and keeps (seconds since
    QEMU's start, line) for the lines MARK_RE matches."""

    def __init__(self, t0):
        self.t0, self.rest, self.marks = t0, b"", []

    def feed(self, data, now):
        lines = (self.rest + data).split(b"\n")
        self.rest = lines.pop()
        for line in lines:
            if MARK_RE.search(line):
                self.marks.append((round(now - self.t0, 3), line.rstrip(b"\r")))


def _pump(proc, log, deadline, marks):
    """Copy QEMU's stdout to log until EOF or the deadline; True on timeout."""
    fd = proc.stdout.fileno()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        ready, _w, _x = select.select([fd], [], [], min(left, 1.0))
        if not ready:
            continue
        data = os.read(fd, 65536)
        if not data:
            return False
        log.write(data)
        marks.feed(data, time.monotonic())


def run_marked(argv, log_path, timeout_s):
    """Run QEMU argv with stdin /dev/null, console into log_path (as it arrives).
    Returns (rc, timed_out, stderr text, seconds, marks): marks is a list of
    (host seconds since QEMU started, line bytes) for the console lines
    MARK_RE matches (timing.wall_seconds reads them)."""
    t0 = time.monotonic()
    marks = _Marks(t0)
    with open(log_path, "wb") as log, open(os.devnull, "rb") as devnull:
        try:
            proc = subprocess.Popen(argv, stdin=devnull, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True)
        except OSError as e:
            return None, False, "cannot start %s: %s" % (argv[0], e.strerror), 0.0, []
        err_chunks = []
        reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()),
                                  daemon=True)
        reader.start()
        try:
            timed_out = _pump(proc, log, t0 + timeout_s, marks)
            if not timed_out:
                try:  # stdout closed: QEMU is ending; it still has the deadline
                    proc.wait(timeout=max(1.0, t0 + timeout_s - time.monotonic()))
                except subprocess.TimeoutExpired:
                    timed_out = True
            if timed_out:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
            proc.wait()
            rest = proc.stdout.read()
            log.write(rest)
            marks.feed(rest + b"\n", time.monotonic())
            reader.join(timeout=5)
        except BaseException:
            # Stopped ourselves (SIGINT, SIGTERM as SystemExit): never leave QEMU behind.
            _kill_group(proc)
            raise
        finally:
            proc.stdout.close()
    err = b"".join(err_chunks)
    return (proc.returncode, timed_out, err.decode("utf-8", "replace"), time.monotonic() - t0,
            marks.marks)


def run(argv, log_path, timeout_s):
    """Run QEMU argv with stdin /dev/null, console into log_path.
    Returns (rc, timed_out, stderr text, seconds)."""
    return run_marked(argv, log_path, timeout_s)[:4]


def boot(arch, kernel, initrd=None, machine=None, dtb=None, append="", timeout_s=120,
         log_path="console.log", accel="tcg", expect=(), config=None, kconfig_filter=None,
         complete=False, expect_backport=()):
    """Boot once and judge (complete, expect_backport: as verdict.decide; the
    archive is taken to carry the 32-bit binaries when complete). Returns
    (verdict.Result, info dict with argv, seconds, qemu_rc, stderr, log, and
    timing: timing.of_boot's guest and wall seconds)."""
    info = {"log": log_path, "argv": None, "seconds": 0.0, "qemu_rc": None, "stderr": ""}
    try:
        rec = check_inputs(arch, machine, kernel, initrd, dtb)
    except BadInput as e:
        return verdict.Result("ERROR", [str(e)]), info
    argv = archs.command(rec, kernel, initrd, dtb, append, accel)
    info["argv"] = argv
    rc, timed_out, err, secs, marks = run_marked(argv, log_path, timeout_s)
    info.update(qemu_rc=rc, stderr=err, seconds=secs, marks=marks)
    qemu_error = None
    if rc is None:
        qemu_error = err
    with open(log_path, "rb") as f:
        raw = f.read()
    if not raw and rc not in (0, None) and not timed_out:
        last = err.strip().splitlines()[-1:] or ["(no message)"]
        qemu_error = "QEMU refused to boot (exit %d): %s" % (rc, last[0])
    con = console.parse(raw)
    info["timing"] = timing.of_boot(con, marks, secs)
    res = verdict.decide(con, timed_out=timed_out, qemu_rc=rc or 0,
                         qemu_error=qemu_error, expect=expect, config=config,
                         kconfig_filter=kconfig_filter, complete=complete,
                         expect_backport=expect_backport, compat_archive=complete,
                         arch=arch)
    res.info["seconds"] = round(secs, 1)
    return res, info


def silent_initrd(arch):
    """$BUILD/initramfs-silent-<arch>.cpio.gz: an /init that powers off at once
    (make initramfs-silent-<arch>)."""
    from . import paths
    return os.path.join(paths.data_dir(), "initramfs-silent-%s.cpio.gz" % arch)


def bare(arch, kernel, machine=None, dtb=None, append="", timeout_s=120, log_path=None,
         accel="tcg", initrd=None):
    """Boot kernel once with an /init that powers off at once (the silent
    archive), on the same QEMU command line a validation uses: the bare boot a
    validation's time is compared with. Returns a dict: ok (QEMU ended by
    itself before timeout_s, the kernel having started /init), reason (why
    not, else None), argv, log, initrd, and timing (of_boot: guest init_at and
    poweroff_at, wall total ...)."""
    initrd = initrd or silent_initrd(arch)
    out = {"ok": False, "reason": None, "argv": None, "log": log_path, "initrd": initrd,
           "timing": None}
    try:
        rec = check_inputs(arch, machine, kernel, initrd, dtb)
    except BadInput as e:
        out["reason"] = str(e)
        if initrd == silent_initrd(arch) and not os.path.exists(initrd):
            out["reason"] += " (make initramfs-silent-%s builds it)" % arch
        return out
    argv = archs.command(rec, kernel, initrd, dtb, append, accel)
    out["argv"] = argv
    rc, timed_out, err, secs, marks = run_marked(argv, log_path, timeout_s)
    with open(log_path, "rb") as f:
        con = console.parse(f.read())
    out["timing"] = timing.of_boot(con, marks, secs)
    g = out["timing"]["guest"]
    if rc is None:
        out["reason"] = err
    elif timed_out:
        out["reason"] = "no power-off within %.0f s" % timeout_s
    elif g["init_at"] is None and out["timing"]["wall"]["init_at"] is None:
        out["reason"] = "the kernel never said it ran /init (exit %s%s)" % (
            rc, ": " + err.strip().splitlines()[-1] if err.strip() else "")
    else:
        out["ok"] = True
    return out
