# SPDX-License-Identifier: MIT
"""vkreport: the text report of validate-kernel, one sentence per line.

Each line starts with an 11-column label; the lines below a label (indented)
are its details. The report reads without the README (issue 17): the host's
config check ("host cfg:") and the guest's ("guest cfg:") say which config
they read, where and when, and what they found; "(expected)" is explained on
the probe line that first uses it; an absent section says why it is absent.
"""
from .sections import capability_text
from .verdict import short_version

# Unexplained upstream failures and failed selftests listed (the rest: --json).
LISTED = 40


def wanted_text(caps):
    """"strict mode, filter mode and RET_TRAP need" (or "strict mode needs")
    from a --require list: what a config check was asked for, with its verb."""
    caps = [c for c in caps.split(",") if c] if isinstance(caps, str) else list(caps)
    words = {"strict": "strict mode", "filter": "filter mode", "trap": "RET_TRAP"}
    caps = [words.get(c, c) for c in caps]
    if len(caps) == 1:
        return caps[0] + " needs"
    return ", ".join(caps[:-1]) + " and " + caps[-1] + " need"


def host_check_header(rc, wanted, given):
    """The "host cfg:" line of the host's config check (exit rc) for --require wanted."""
    what = "that config" if given else "the config embedded in the image"
    if rc == 0:
        found = "has everything %s (exit 0)" % wanted_text(wanted)
    elif rc == 1:
        found = "lacks some of what %s (exit 1)" % wanted_text(wanted)
    else:
        found = "could not be read or judged (exit %d), so every capability is unknown" % rc
    return ("host cfg:  before the boot, seccomp-probe kconfig on this machine checked %s: "
            "it %s" % (what, found))


def capability_lines(caps):
    """One indented line per capability of a config check."""
    return ["           " + capability_text(name, c) for name, c in caps.items()]


def guest_config_lines(res, guest, required, host_checked, in_place=False):
    """The "guest cfg:" lines (in place: "cfg check:"): the config check /init
    ran on the booted kernel's own /proc/config.gz."""
    rc = res.kconfig_rc
    wanted = wanted_text(required)
    if in_place:
        label, where = "cfg check: ", "seccomp-probe kconfig on this machine checked the " \
            "running kernel's config (%s)" % ((guest or {}).get("checked") or "its search path")
    else:
        label, where = "guest cfg: ", "after the boot, seccomp-probe kconfig in the guest " \
            "checked the booted kernel's own %s" % ((guest or {}).get("checked") or
                                                    "/proc/config.gz")
    if rc is None:
        return [label + "no result: the guest printed no config check section"]
    if rc == "absent":
        if in_place:
            return [label + "not checked: no config of the running kernel was found"]
        return [label + "not checked in the guest: the booted kernel has no /proc/config.gz "
                "(CONFIG_IKCONFIG_PROC is off); %s" % (
                    "the host's check above is the config check" if host_checked
                    else "and no config was checked on the host either")]
    if rc == "0":
        head = "%s: it has everything %s (exit 0)" % (where, wanted)
    elif rc == "1":
        head = "%s: it lacks some of what %s (exit 1)" % (where, wanted)
    else:
        head = "%s: the check could not read or judge it (exit %s)" % (where, rc)
    return [label + head] + capability_lines((guest or {}).get("capabilities") or {})


def probe_word(res, name, full):
    """A probe's verdict with what a reader needs to act on it."""
    p = full.get(name) or {}
    word = res.feature_text(name, full)
    detail = p.get("detail") if isinstance(p.get("detail"), str) else ""
    verdict = p.get("verdict") or (res.probe or {}).get(name)
    if verdict == "unsupported" and p.get("mainline"):
        word += " (not in this kernel; mainline has it from %s)" % short_version(p["mainline"])
    elif verdict in ("error", "blocked") and detail:
        word += ": %s" % detail
    return word


def probe_lines(res, probe, full, expect, names, only_differing=False):
    """One line per probe: verdict, backport mark with the versions, (expected)."""
    out = []
    for name in (names or list(probe)):  # --list order, else the probe's own
        if name not in probe:
            continue
        if only_differing and probe[name] == res.probe.get(name):
            continue
        mark = " (expected)" if name in expect else ""
        out.append("           %-20s %s%s" % (name, probe_word(res, name, full), mark))
    return out


def totals_text(t):
    if not t:
        return "-"
    return "pass:%d fail:%d skip:%d error:%d" % (t["pass"], t["fail"], t["skip"], t["error"])


def listed(label, names):
    out = ["           %s: %s" % (label, n) for n in names[:LISTED]]
    if len(names) > LISTED:
        out.append("           ... and %d more (all in --json)" % (len(names) - LISTED))
    return out


def selftest_lines(res, failed, where="in the guest"):
    if res.selftests is not None:
        t = res.selftests
        return ["selftests: seccomp-selftests ran %d conformance tests %s: %s%s" % (
            sum(t[k] for k in ("pass", "fail", "skip", "error")), where, totals_text(t),
            "; a skip is a feature this kernel's version or config does not have"
            if t["skip"] else "")] + listed("failed", failed or [])
    if res.selftests_rc == "absent":
        return ["selftests: not run: %s" % (
            "this initramfs has no seccomp-selftests (make static)" if where == "in the guest"
            else "seccomp-selftests is not built (make selftests)")]
    return ["selftests: no result: no complete selftests section"]


def compat_lines(res, expect, names, failed):
    c = res.compat
    if c is None:
        return []
    if c["status"] != "ran":
        return ["compat:    32-bit ABI not checked: %s" % c["reason"]]
    if not c["probe"]:
        return ["compat:    32-bit ABI: no usable probe result (see the reasons below)"]
    differ = probe_lines(res, c["probe"], c["probe_full"], expect, names, only_differing=True)
    return ["compat:    32-bit ABI (AUDIT_ARCH %s): the 32-bit probe and selftests ran "
            "through the kernel's compat path: %d of %d probes supported%s; selftests %s" % (
                c["audit_arch"], sum(1 for v in c["probe"].values() if v == "supported"),
                len(c["probe"]), ", %d differ from the native ABI:" % len(differ)
                if differ else ", as natively", totals_text(c["selftests"]))] + \
        differ + listed("failed", failed or [])


def upstream_lines(res):
    u = res.upstream
    if u is None:
        return []
    if u.get("status") != "ran":
        return ["upstream:  the kernel's own seccomp_bpf did not run: %s" % u.get("reason")]
    rc = str(u.get("rc"))
    return ["upstream:  the kernel's own seccomp_bpf (reported, never part of the verdict): "
            "pass:%d fail:%d skip:%d; of its failures %d are expected on this version (they "
            "test something newer than this kernel) and %d are unexplained%s" % (
                u["pass"], u["fail"], u["skip"], len(u["expected"]), len(u["unexplained"]),
                "" if rc in ("0", "1", "4") else " (it ended rc=%s: cut short)" % rc)] + \
        listed("unexplained", u["unexplained"])


def report_lines(res, expect, names, extra, host_checked, in_place=False):
    """The probe, config check, selftest, compat and upstream lines of @res.
    extra: sections.collect()'s dict; host_checked: a config was checked on
    the host; in_place: the running kernel, no QEMU."""
    if res.probe is None:
        return []
    lines = []
    if res.info.get("kernel_release"):
        lines.append("running:   the %s kernel reports release %s" % (
            "running" if in_place else "booted", res.info["kernel_release"]))
    backports = any(p.get("backport") for p in res.probe_full.values() if isinstance(p, dict))
    counts = res.probe_summary().split(": ", 1)[-1]
    lines.append("probe:     seccomp-probe exercised %d features %s, each in a child process: "
                 "%s; (expected) marks a feature that must be supported (--expect)%s" % (
                     len(res.probe), "on this machine" if in_place else "in the guest", counts,
                     "; backport: supported on a kernel older than the mainline release that "
                     "brought it" if backports else ""))
    lines += probe_lines(res, res.probe, res.probe_full, expect, names)
    required = [e for e in expect if e in ("strict", "filter", "trap")] or ["filter"]
    lines += guest_config_lines(res, extra.get("config_check_guest"), required, host_checked,
                                in_place)
    lines += selftest_lines(res, extra.get("selftests_failed"),
                            "on this machine" if in_place else "in the guest")
    lines += compat_lines(res, expect, names, extra.get("compat_selftests_failed"))
    lines += upstream_lines(res)
    return lines
