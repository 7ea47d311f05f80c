# SPDX-License-Identifier: MIT
"""boot: run one QEMU boot with a deadline, keep the console log, judge it.

QEMU reads stdin under -nographic, so it gets /dev/null. Its exit code says
nothing about the guest (panic=-1 with -no-reboot exits 0): the verdict comes
from the console.
"""
import os
import signal
import shutil
import subprocess
import time

from . import archs, console, kimage, verdict


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


def run(argv, log_path, timeout_s):
    """Run QEMU argv with stdin /dev/null, console into log_path.
    Returns (rc, timed_out, stderr text, seconds)."""
    t0 = time.monotonic()
    with open(log_path, "wb") as log, open(os.devnull, "rb") as devnull:
        try:
            proc = subprocess.Popen(argv, stdin=devnull, stdout=log, stderr=subprocess.PIPE,
                                    start_new_session=True)
        except OSError as e:
            return None, False, "cannot start %s: %s" % (argv[0], e.strerror), 0.0
        timed_out = False
        try:
            try:
                _out, err = proc.communicate(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                timed_out = True
                proc.terminate()
                try:
                    _out, err = proc.communicate(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    _out, err = proc.communicate()
        except BaseException:
            # Stopped ourselves (SIGINT, SIGTERM as SystemExit): never leave QEMU behind.
            _kill_group(proc)
            raise
    return proc.returncode, timed_out, err.decode("utf-8", "replace"), time.monotonic() - t0


def boot(arch, kernel, initrd=None, machine=None, dtb=None, append="", timeout_s=120,
         log_path="console.log", accel="tcg", expect=(), config=None, kconfig_filter=None,
         complete=False, expect_backport=()):
    """Boot once and judge (complete, expect_backport: as verdict.decide; the
    archive is taken to carry the 32-bit binaries when complete). Returns
    (verdict.Result, info dict with argv, seconds, qemu_rc, stderr, log)."""
    info = {"log": log_path, "argv": None, "seconds": 0.0, "qemu_rc": None, "stderr": ""}
    try:
        rec = check_inputs(arch, machine, kernel, initrd, dtb)
    except BadInput as e:
        return verdict.Result("ERROR", [str(e)]), info
    argv = archs.command(rec, kernel, initrd, dtb, append, accel)
    info["argv"] = argv
    rc, timed_out, err, secs = run(argv, log_path, timeout_s)
    info.update(qemu_rc=rc, stderr=err, seconds=secs)
    qemu_error = None
    if rc is None:
        qemu_error = err
    with open(log_path, "rb") as f:
        raw = f.read()
    if not raw and rc not in (0, None) and not timed_out:
        last = err.strip().splitlines()[-1:] or ["(no message)"]
        qemu_error = "QEMU refused to boot (exit %d): %s" % (rc, last[0])
    res = verdict.decide(console.parse(raw), timed_out=timed_out, qemu_rc=rc or 0,
                         qemu_error=qemu_error, expect=expect, config=config,
                         kconfig_filter=kconfig_filter, complete=complete,
                         expect_backport=expect_backport, compat_archive=complete,
                         arch=arch)
    res.info["seconds"] = round(secs, 1)
    return res, info
