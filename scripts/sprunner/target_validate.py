# SPDX-License-Identifier: MIT
"""target_validate: validate-kernel --target, the report of a live device.

The session (target_run.py) gives framed sections as a guest's console
would; they are parsed (console.py) and judged (verdict.decide, with
complete=True as every validation) by the same code as a QEMU boot and the
in-place run, and printed with vkreport's lines. On top of the verdict
rules: a lost connection is NO-RESULT, --timeout passing is TIMEOUT, a
device or input we cannot use is ERROR, each with its reason on one line.
"""
import json
import os
import re
import sys
import tempfile

from . import console, paths, sections, verdict, vkreport
from .target import TargetError, parse
from .target_run import run, shown

# validate-kernel options that only mean something for a QEMU boot.
QEMU_ONLY = (("kernel", "--kernel"), ("machine", "--machine"), ("dtb", "--dtb"),
             ("append", "--append"), ("bare", "--bare"))


# The start of verdict.decide's reason for a kconfig rc other than 0 or absent.
KCONFIG_REASON = "kconfig check in the guest: rc="
# How the checker's messages (its stderr, in the section) start.
KCONFIG_SAYS = "seccomp-probe kconfig: "


def bad_input(args):
    """The one-line reason why these options cannot go with --target, or None."""
    given = [opt for attr, opt in QEMU_ONLY if getattr(args, attr, None)]
    if given:
        return "--target validates the device's running kernel: %s %s for a QEMU boot" % (
            " and ".join(given), "is" if len(given) == 1 else "are")
    if args.config and not (os.path.isfile(args.config) and os.access(args.config, os.R_OK)):
        return "--config %s: %s" % (args.config, "not a readable file"
                                    if os.path.exists(args.config) else "No such file")
    if args.initrd and not os.path.isfile(args.initrd):
        return "--initrd %s: No such file" % args.initrd
    return None


def device_wording(lines):
    """vkreport's in-place lines say "on this machine"; a device run happened on
    the device."""
    return [line.replace(" on this machine", " on the device") for line in lines]


def default_log(transport, release):
    """$BUILD/validate/target-<target>-<release>.log (paths.log_dir)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", "target-%s-%s" % (
        transport.describe().split("://")[-1], release or "unknown"))
    return os.path.join(paths.log_dir(), name + ".log")


def config_arch_problem(con, arch):
    """A reason when the config the device checked is for another arch than the
    device's (a --config FILE of the wrong board), else None."""
    sec = con.section("kconfig")
    if sec is None or sec.status != "ok" or sec.rc == "absent":
        return None
    try:
        karch = json.loads(sec.payload.decode("utf-8", "replace"))["kernel"]["arch"]
    except (ValueError, KeyError, TypeError):
        return None
    want = verdict.PROBE_ARCH.get(arch)
    if karch and want and karch != want:
        return "the config the device checked is for arch %s, but the device is %s" % (karch,
                                                                                      want)
    return None


def kconfig_reason(con, checked):
    """verdict.decide's reason for a kconfig section with rc other than 0 or
    absent, as a device run says it: rc 1, requirements missing; any other rc
    (2: seccomp-probe kconfig could not read or judge its input), the
    in-place report's words (vkreport) with the config and the checker's last
    message line."""
    sec = con.section("kconfig")
    rc = sec.rc if sec else None
    if rc == "1":
        return "kconfig check on the device: rc=1 (requirements not enabled)"
    said = [x[len(KCONFIG_SAYS):] for x in (sec.payload.decode("utf-8", "replace").splitlines()
                                            if sec else ()) if x.startswith(KCONFIG_SAYS)]
    # "PATH: what is wrong" (PATH: the copy on the device) or "PATH:LINE: what".
    said = said[-1].split(": ", 1)[-1] if said else ""
    return "kconfig check on the device: the check could not read or judge %s (exit %s)%s" % (
        checked or "the config", rc, ": " + shown(said, 160) if said else "")


def judge(out, expect, backports):
    """(Result, parsed Console) of a session's Outcome."""
    if out.error:
        return verdict.Result("ERROR", [out.error]), console.parse(b"")
    con = console.parse(out.console)
    flags = verdict.config_flags(out.config_text) if out.config_text else None
    res = verdict.decide(con, timed_out=out.timed_out, expect=expect, config=flags,
                         complete=True, expect_backport=backports, arch=out.device.get("arch"))
    res.reasons = [kconfig_reason(con, out.device.get("checked"))
                   if r.startswith(KCONFIG_REASON) else r for r in res.reasons]
    if out.lost:
        # What the console lacks follows from the lost connection: say only that.
        res.word, res.reasons = "TIMEOUT" if out.timed_out else "NO-RESULT", [out.lost]
        return res, con
    wrong = config_arch_problem(con, out.device.get("arch"))
    if wrong and res.word in ("PASS", "FAIL"):
        res.word, res.reasons = "FAIL", res.reasons + [wrong]
    elif res.word == "PASS" and flags is None and res.kconfig_rc != "0":
        res.word, res.reasons = "FAIL", ["no kernel config was checked: the device has no "
                                         "/proc/config.gz; give the kernel's .config with "
                                         "--config FILE"]
    return res, con


def header_lines(transport, out):
    dev = out.device
    lines = ["target:    %s: the device's running kernel is checked there (no QEMU)" %
             transport.describe()]
    if dev.get("release"):
        lines.append("kernel:    Linux %s %s (uname -r, uname -m on the device)%s" % (
            dev["release"], dev["uname_m"], ": %s binaries from %s, copied to %s" % (
                dev["arch"], dev["archive"], dev["dir"]) if dev.get("dir") else ""))
    if "config" in dev:
        lines.append("config:    %s" % (dev["config"] or "none: the device has no "
                                        "/proc/config.gz and no --config FILE was given"))
    return lines


def main(args, expect, names, backports, require, write_outputs):
    """validate-kernel --target ARGS.target; returns the exit code.
    expect: feature names that must be supported; names: the probe's --list
    (or None); backports: --expect-backport names; require: the config
    checker's --require list; write_outputs(res, extra): --json and --junit."""
    problem = bad_input(args)
    try:
        transport = parse(args.target)
    except TargetError as e:
        problem = problem or str(e)
    if problem:
        print("validate-kernel: %s" % problem, file=sys.stderr)
        print("ERROR")
        return verdict.EXIT["ERROR"]
    with tempfile.TemporaryDirectory(prefix="sp-target-") as work:
        out = run(transport, args.timeout, work, arch=args.arch, initrd=args.initrd,
                  config=args.config, require=require, backports=backports)
    res, con = judge(out, expect, backports)
    print("\n".join(header_lines(transport, out)))
    extra = sections.collect(con)
    guest = extra.get("config_check_guest")
    if guest and not guest.get("checked"):
        guest["checked"] = out.device.get("checked")  # no JSON from the check (rc 2)
    lines = vkreport.report_lines(res, expect, names, extra, False, in_place=True)
    if lines:
        print("\n".join(device_wording(lines)))
    log = None
    if out.console:
        log = args.log or default_log(transport, out.device.get("release"))
        os.makedirs(os.path.dirname(os.path.abspath(log)), exist_ok=True)
        with open(log, "wb") as f:
            f.write(out.console)
        print("results:   the framed sections from the device (%.1f s in all) are in %s" % (
            out.seconds, log))
    if out.cleanup:
        print("cleanup:   %s" % out.cleanup)
    for r in res.reasons:
        print("reason:    %s" % r)
    print(res.word, flush=True)
    write_outputs(res, dict(extra, kernel=None, arch=out.device.get("arch"),
                            config=args.config or out.device.get("config"), log=log,
                            label="target-" + (out.device.get("release") or "unknown"),
                            target=transport.describe(), machine=transport.describe(),
                            device=out.device,
                            cleanup=out.cleanup, seconds=round(out.seconds, 1)))
    return res.exit_code
