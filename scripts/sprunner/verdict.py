# SPDX-License-Identifier: MIT
"""verdict: exactly one verdict per run, from the console and how QEMU ended.

Order: ERROR (bad input, QEMU could not run) > PANIC (panic/oops/BUG on the
console) > TIMEOUT > NO-RESULT (sections incomplete or unparsable) > FAIL (a
probe error, an expected feature missing, kconfig requirements not met, a
selftest failed, config and probe disagree) > PASS. Nothing but a complete,
parsed, passing result is PASS.
"""
import json
import signal

from .console import ktap_planned, ktap_totals

EXIT = {"PASS": 0, "FAIL": 1, "ERROR": 2, "PANIC": 3, "TIMEOUT": 3, "NO-RESULT": 3}
VERDICTS = tuple(EXIT)


class Result:
    """word: one of VERDICTS; reasons: list of str (why, most important first);
    probe: {name: verdict word} or None; selftests: KTAP totals dict or None;
    kconfig_rc / selftests_rc: the END lines' rc words or None; info: dict."""

    def __init__(self, word, reasons=None):
        self.word = word
        self.reasons = list(reasons or [])
        self.probe = None
        self.selftests = None
        self.kconfig_rc = None
        self.selftests_rc = None
        self.info = {}
        # {name: the probe's JSON object (verdict, backport, mainline, detail...)}
        self.probe_full = {}
        self.process = None
        # The 32-bit ABI on a 64-bit kernel: None (not in the archive) or
        # {"status": "ran"|"absent", "reason", "probe", "probe_full", "selftests"}.
        self.compat = None
        # The kernel's own seccomp_bpf: None or upstream.summarize()'s dict.
        self.upstream = None

    @property
    def exit_code(self):
        return EXIT[self.word]

    def probe_summary(self):
        """Short text: "18 probes: 17 supported, 1 unsupported" or "-"."""
        if not self.probe:
            return "-"
        counts = {}
        for v in self.probe.values():
            counts[v] = counts.get(v, 0) + 1
        order = ("supported", "unsupported", "blocked", "error")
        parts = ["%d %s" % (counts[k], k) for k in order if k in counts]
        parts += ["%d %s" % (n, k) for k, n in sorted(counts.items()) if k not in order]
        return "%d probes: %s" % (len(self.probe), ", ".join(parts))

    def selftest_summary(self):
        if self.selftests is None:
            return "absent" if self.selftests_rc == "absent" else "-"
        t = self.selftests
        return "pass:%d fail:%d skip:%d error:%d" % (t["pass"], t["fail"], t["skip"], t["error"])

    def feature_text(self, name, full=None):
        """One probe's verdict as a report shows it: "supported", or "supported,
        backport (mainline 3.5, this kernel 3.4.113)"."""
        full = self.probe_full if full is None else full
        p = full.get(name) or {}
        word = p.get("verdict") or (self.probe or {}).get(name, "nothing")
        if p.get("backport"):
            word += ", backport (mainline %s, this kernel %s)" % (
                short_version(p.get("mainline")), self.info.get("kernel_release") or "?")
        return word

    def to_dict(self):
        return {"verdict": self.word, "exit": self.exit_code, "reasons": self.reasons,
                "probe": self.probe, "probe_summary": self.probe_summary(),
                "probe_full": self.probe_full, "process": self.process,
                "kconfig_rc": self.kconfig_rc, "selftests_rc": self.selftests_rc,
                "selftests": self.selftests, "compat": self.compat,
                "upstream": self.upstream, **self.info}


def short_version(v):
    """"3.5.0" -> "3.5"; other text unchanged; None -> "?"."""
    if not v:
        return "?"
    v = str(v)
    return v[:-2] if v.count(".") == 2 and v.endswith(".0") else v


def config_flags(text):
    """{SYMBOL: value} from .config text; "# CONFIG_X is not set" gives "n"."""
    flags = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("# CONFIG_") and line.endswith(" is not set"):
            flags[line[2:-len(" is not set")]] = "n"
        elif line.startswith("CONFIG_") and "=" in line:
            k, v = line.split("=", 1)
            flags[k] = v
    return flags


# Config symbol that must be =y exactly when the probe finds the feature supported.
AGREEMENT = (("CONFIG_SECCOMP", "strict"), ("CONFIG_SECCOMP_FILTER", "filter"))


def agreement_problems(flags, probe):
    """Disagreements between a config and the probe's verdicts: list of str."""
    out = []
    for sym, feature in AGREEMENT:
        enabled = flags.get(sym) == "y"
        seen = probe.get(feature)
        if seen is None:
            out.append("probe reported no '%s' result to compare with %s" % (feature, sym))
        elif enabled != (seen == "supported"):
            out.append("config has %s=%s but the probe found %s '%s'" % (
                sym, flags.get(sym, "(unset)"), feature, seen))
    return out


# The probe's arch name (its JSON kernel.arch) per guest arch, and the 32-bit
# ABI a 64-bit guest's compat probe must run as.
PROBE_ARCH = {"x86_64": "x86_64", "i386": "i386", "armhf": "arm", "arm64": "arm64"}
COMPAT_ARCH = {"x86_64": "i386", "arm64": "arm"}
# The config symbol that gives a 64-bit kernel its 32-bit ABI, per native arch.
COMPAT_SYMBOL = {"x86_64": "CONFIG_IA32_EMULATION", "arm64": "CONFIG_COMPAT"}


def compat_agreement(flags, res):
    """A kernel whose config has the 32-bit ABI but that could not run the
    32-bit probe disagrees with itself: list of str."""
    sym = COMPAT_SYMBOL.get(res.info.get("kernel_arch"))
    c = res.compat
    if not sym or flags.get(sym) != "y":
        return []
    if c is not None and c["status"] != "ran":
        return ["config has %s=y but %s" % (sym, c["reason"])]
    return []


def compat_missing(res, compat_archive):
    """Our 64-bit archive carries the 32-bit binaries: their sections must be
    there (sp.sections or another archive must not drop them): list of str."""
    if compat_archive and res.info.get("kernel_arch") in COMPAT_ARCH and res.compat is None:
        return ["the 32-bit ABI was not checked: no probe-compat result (an archive "
                "without the 32-bit binaries, or sections left out)"]
    return []


def _probe_doc(sec):
    """(doc, probes {name: verdict}, problem or None) of a probe section; the
    doc's "kernel" and "process" are made dicts of the expected types."""
    try:
        doc = json.loads(sec.payload.decode("utf-8"))
        probes = {name: p["verdict"] for name, p in doc["probes"].items()}
        if not all(isinstance(v, str) for v in probes.values()):
            raise TypeError("verdict")
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        return None, None, "probe section is not the expected JSON (%s)" % e.__class__.__name__
    kernel = doc.get("kernel")
    doc["kernel"] = {k: str(v) for k, v in kernel.items()} if isinstance(kernel, dict) else {}
    if not isinstance(doc.get("process"), dict):
        doc["process"] = None
    if not probes:
        return doc, None, "the probe section reports no probe at all"
    if doc.get("schema") not in (1, 2):   # 2: "mainline" spelt "3.5", was "3.5.0"
        return doc, None, "probe JSON schema %r, this runner reads schemas 1 and 2" % (
            doc.get("schema"),)
    return doc, probes, None


def _probe_results(console, res):
    """Fill res.probe from the probe section; return problems that make NO-RESULT."""
    sec = console.section("probe")
    if sec is None:
        return ["no probe section on the console"]
    doc, probes, problem = _probe_doc(sec)
    if problem:
        return [problem]
    res.probe = probes
    res.probe_full = {n: p for n, p in doc["probes"].items() if isinstance(p, dict)}
    res.process = doc["process"]
    res.info["kernel_release"] = doc["kernel"].get("release")
    res.info["kernel_arch"] = doc["kernel"].get("arch")
    if sec.rc != "0":
        res.reasons.append("seccomp-probe %s in the guest" % rc_words(sec.rc))
    return []


def probe_error_text(name, p):
    """The reason for a probe that ended in error, with the probe's own detail."""
    detail = (p or {}).get("detail")
    return "probe %s ended in error%s" % (name, ": %s" % detail if detail else "")


# What /init's exec of a 32-bit binary prints when the kernel has no compat
# layer (IA32_EMULATION / COMPAT off): execve fails ENOEXEC, rc 127.
NO_COMPAT_MARK = b"Exec format error"


def _compat_results(console, res, expect, want_arch=None):
    """Judge probe-compat and selftests-compat (the 32-bit ABI of a 64-bit
    kernel; want_arch: the probe arch it must report); reasons are added to
    res.reasons."""
    psec, ssec = console.section("probe-compat"), console.section("selftests-compat")
    if psec is None and ssec is None:
        return
    if psec is None or psec.rc == "absent":
        return  # no 32-bit binaries in the archive (a 32-bit arch): nothing to judge
    c = res.compat = {"status": "ran", "reason": None, "probe": None, "probe_full": {},
                      "selftests": None, "audit_arch": None}
    first = psec.payload.split(b"\n", 1)[0]
    if psec.rc == "127" and first.startswith(b"init: cannot run ") and NO_COMPAT_MARK in first:
        c.update(status="absent", reason="the kernel cannot run 32-bit programs "
                 "(no IA32_EMULATION / COMPAT): exec gave ENOEXEC")
        return
    doc, probes, problem = _probe_doc(psec)
    if problem:
        res.reasons.append("compat: " + problem)
        return
    c["probe"] = probes
    c["probe_full"] = {n: p for n, p in doc["probes"].items() if isinstance(p, dict)}
    c["audit_arch"] = doc["kernel"].get("audit_arch")
    abi = doc["kernel"].get("arch") or "32-bit"
    if want_arch and abi != want_arch:
        res.reasons.append("compat: the 32-bit probe ran as %s (AUDIT_ARCH %s), not as %s" % (
            abi, c["audit_arch"], want_arch))
    if psec.rc != "0":
        res.reasons.append("compat (%s): seccomp-probe %s" % (abi, rc_words(psec.rc)))
    for name, verdict in sorted(probes.items()):
        if verdict == "error":
            res.reasons.append("compat (%s): %s" % (abi, probe_error_text(name, c["probe_full"].get(name))))
    for name in expect:
        if probes.get(name) != "supported":
            res.reasons.append("compat (%s): expected %s supported, probe says %s" % (
                abi, name, probes.get(name, "nothing")))
    if ssec is not None and ssec.rc != "absent":
        c["selftests"] = _selftest_reasons(ssec, res.reasons, "compat (%s) selftests" % abi)
    else:
        res.reasons.append("compat (%s): the 32-bit selftests did not run (%s)" % (
            abi, "not in the archive" if ssec is not None else "no section"))


def rc_words(rc):
    """How a section's END rc word (qemu-images/section.c) reads in a reason:
    a number is an exit status, sig:N a death by signal N, timeout its
    deadline, error a failed fork or wait."""
    if rc.startswith("sig:"):
        num = rc[4:]
        try:
            name = " (%s)" % signal.Signals(int(num)).name
        except ValueError:
            name = ""
        return "was killed by signal %s%s" % (num, name)
    if rc == "timeout":
        return "was killed at its deadline"
    if rc == "error":
        return "could not be run or waited for (rc=error)"
    return "exited rc=%s" % rc


def _selftest_reasons(sec, reasons, label):
    """KTAP totals of a selftests section; problems appended to reasons."""
    ktap = ktap_totals(sec.payload)
    planned = ktap_planned(sec.payload)
    counted = sum(ktap.values()) if ktap else 0
    if ktap is None:
        reasons.append("%s printed no '# Totals:' line" % label)
    elif planned is None or counted != planned or counted == 0:
        reasons.append("%s: %d tests counted in '# Totals:', %s planned (1..N)" % (
            label, counted, planned if planned is not None else "none"))
    elif ktap["fail"] or ktap["error"]:
        reasons.append("%s: %d failed, %d errors" % (label, ktap["fail"], ktap["error"]))
    elif sec.rc not in ("0", "4"):
        # 4 is KSFT_SKIP: everything skipped, which the totals already show.
        reasons.append("%s %s" % (label, rc_words(sec.rc)))
    return ktap


def _upstream_results(console, res):
    """The kernel's own seccomp_bpf: totals and classified failures (reported,
    never a FAIL of ours: its failures on an old kernel are mostly dated)."""
    sec = console.section("upstream")
    if sec is None:
        return
    from . import upstream
    if sec.rc == "absent":
        res.upstream = {"status": "absent", "reason": "no seccomp_bpf in the archive"}
        return
    # Filter mode proven by the probe (a backport on an old kernel) undates the
    # failures the table puts on filter mode itself.
    res.upstream = upstream.summarize(sec.payload.decode("utf-8", "replace"), sec.rc,
                                      res.info.get("kernel_release"),
                                      filter_mode=(res.probe or {}).get("filter") == "supported")


def decide(console, timed_out=False, qemu_rc=0, qemu_error=None, expect=(), config=None,
           kconfig_filter=None, complete=False, expect_backport=(), compat_archive=False,
           arch=None):
    """The Result of one boot.
    console: console.Console; timed_out: QEMU was killed at the deadline;
    qemu_rc: QEMU's exit status (only used when the console is empty);
    qemu_error: str when QEMU could not be started or refused its input;
    expect: feature names that must be 'supported';
    config: {symbol: value} of the kernel's own config, for the agreement check;
    kconfig_filter: True/False when the host's config checker said filter mode is
    enabled/missing in that config (None: not checked);
    complete: a validation, not a look: the selftests must have run;
    expect_backport: features a vendor claims: the selftests must have run;
    compat_archive: the boot's archive carries the 32-bit binaries (our 64-bit
    archives): they must have run, unless the kernel cannot exec them and its
    config (when given) agrees;
    arch: the guest arch asked for (x86_64, i386, armhf, arm64): the probe
    must have run as that arch, and the compat probe as its 32-bit ABI."""
    if qemu_error:
        return Result("ERROR", [qemu_error])
    if console.panic_lines:
        return Result("PANIC", ["kernel died: " + console.panic_lines[0]])
    if timed_out:
        return Result("TIMEOUT", ["no power-off before the deadline"] + console.problems())
    if console.size == 0 and qemu_rc != 0:
        return Result("ERROR", ["QEMU exited %d with an empty console" % qemu_rc])
    if not console.complete():
        return Result("NO-RESULT", console.problems() or ["console incomplete"])
    res = Result("PASS")
    bad = _probe_results(console, res)
    if bad:
        res.word, res.reasons = "NO-RESULT", bad
        return res
    want = PROBE_ARCH.get(arch)
    if want and res.info.get("kernel_arch") != want:
        res.reasons.append("the probe ran as %s, but the guest arch is %s (an archive of "
                           "another arch?)" % (res.info.get("kernel_arch"), arch))
    init = console.section("init")
    if init is None and complete:
        res.reasons.append("no init section: the guest's options were not confirmed")
    if init is not None and init.rc != "0":
        res.reasons.append("init section reports rc=%s" % init.rc)
    for line in (init.payload.decode("utf-8", "replace").splitlines() if init else ()):
        if line.startswith("ignored options: "):
            res.reasons.append("the guest ignored boot options: " + line[len("ignored options: "):])
        elif line.startswith("unknown section in sp.sections: "):
            res.reasons.append("the guest was asked for an " + line)
    for name, verdict in sorted(res.probe.items()):
        if verdict == "error":
            res.reasons.append(probe_error_text(name, res.probe_full.get(name)))
    for name in expect:
        if res.probe.get(name) != "supported":
            res.reasons.append("expected %s supported, probe says %s" % (
                name, res.probe.get(name, "nothing")))
    kc = console.section("kconfig")
    res.kconfig_rc = kc.rc if kc else None
    if kc is None and complete:
        res.reasons.append("the in-guest config check did not run (no kconfig section)")
    if kc is not None and kc.rc not in ("0", "absent"):
        # seccomp-probe kconfig: 1 a requirement missing, 2 the config could not be
        # read or judged; anything else is how the section itself ended.
        what = {"1": "rc=1 (requirements not enabled)",
                "2": "rc=2 (the config could not be read, or its verdict is unknown)"}.get(kc.rc)
        res.reasons.append("kconfig check in the guest: %s" % (what or rc_words(kc.rc)))
    st = console.section("selftests")
    res.selftests_rc = st.rc if st else None
    if st is not None and st.rc != "absent":
        res.selftests = _selftest_reasons(st, res.reasons, "selftests")
    elif expect_backport or complete:
        why = "not in the archive" if st is not None else "no selftests section"
        res.reasons.append("selftests did not run (%s)%s" % (
            why, ": --expect-backport %s is unproven" % ",".join(expect_backport)
            if expect_backport else ""))
    _compat_results(console, res, expect, COMPAT_ARCH.get(arch))
    _upstream_results(console, res)
    if config is not None:
        res.reasons += agreement_problems(config, res.probe)
        res.reasons += compat_agreement(config, res)
    res.reasons += compat_missing(res, compat_archive)
    if kconfig_filter is not None and kconfig_filter != (res.probe.get("filter") == "supported"):
        res.reasons.append("config checker says filter %s, probe found filter '%s'" % (
            "enabled" if kconfig_filter else "missing", res.probe.get("filter")))
    if res.reasons:
        res.word = "FAIL"
    return res

