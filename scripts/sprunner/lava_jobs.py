# SPDX-License-Identifier: MIT
"""lava_jobs: LAVA job definitions and device dictionaries for the kernels the
runner boots, built from the runner's own records so both boot alike:
- QEMU: machine, cpu, memory, console and every other QEMU option come from
  archs.command() (the argv scripts/qemu-run runs): the options before -kernel
  go into the device dictionary (lava-run without a server ignores the job
  context), -kernel/-initrd/-dtb/-append into the job's image_arg; TCG only.
- the kernel command line is archs.cmdline() plus the sp.* words the runner
  adds (validate-kernel for the real old kernels, none for the matrix);
- the test action is a `monitors` action, one monitor per result section of
  the guest's plan (lava_sets), with deadlines from that plan (`init --plan`,
  qemu-images/init.c), so a LAVA timeout never cuts a section the guest would
  still finish.
- a real board: the same kernel, archive and monitors, deployed to tftp and
  booted by u-boot (`commands: ramdisk`); the device type is the caller's.
"""
import math
import os
import re
import subprocess
from collections import namedtuple
from urllib.parse import quote, unquote, urlsplit

from . import archs, historic_run, historic_table, kcache, kimage, lava_sets

# Seconds added to the guest's own deadlines: a LAVA timeout must come after them.
MARGIN_S = 60
# Minutes for downloading the images and for starting QEMU or u-boot.
DEPLOY_MIN, BOOT_MIN, BOARD_BOOT_MIN = 5, 2, 5
# Kernel image format (kimage) -> (LAVA tftp kernel type, compression) for u-boot.
BOARD_KERNEL = {"zImage": ("zimage", None), "uImage": ("uimage", None),
                "arm64-Image": ("image", None), "arm64-Image.gz": ("image", "gz")}
# Options of archs.command() that LAVA's qemu device type writes itself on a server.
SERVER_TEMPLATE_OPTIONS = ("-nographic", "-monitor", "-m", "-nic")

# One job's kernel. origin: "matrix" (Debian kernel cache) or "historic";
# machine None: the arch's first record; append: the runner's extra words.
Kernel = namedtuple("Kernel", "name origin arch machine vmlinuz dtb release append")
Plan = namedtuple("Plan", "sections deadlines watchdog_s")
# A kernel name: it names the job files and an index.tsv row (no "/", tab,
# newline or leading "."; "@" joins a Debian name and its machine).
NAME_RE = re.compile(r"^[A-Za-z0-9_+@-][A-Za-z0-9._+@-]*$")
# A --url-map or --board-dtb URL: scheme://host[:port], then a path.
HOST_RE = re.compile(r"^[A-Za-z0-9._~-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$")


class JobError(Exception):
    """Input the job writer cannot make a job from (one line, names the input)."""


def check_name(name, where):
    """name when NAME_RE allows it; JobError naming where (the file it is from)."""
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise JobError("%s: kernel name %s: allowed are letters, digits and . _ + @ -, "
                       "not first a ." % (where, ascii(name)))
    return name


def url_prefix(url, what):
    """url (scheme://host[:port][/path]) as a URL prefix, its path percent-encoded
    (already encoded parts are kept); JobError naming what for anything else."""
    try:
        u = urlsplit(url)
    except ValueError:
        u = None
    if (u is None or not re.match(r"^[a-z][a-z0-9+.-]*$", u.scheme) or
            not HOST_RE.match(u.netloc) or u.query or u.fragment or "://" not in url):
        raise JobError("%s %s: give a URL scheme://host[:port][/path] (e.g. http://host/build)"
                       % (what, ascii(url)))
    return "%s://%s%s" % (u.scheme, u.netloc, quote(unquote(u.path)))


def matrix_kernels(cache, vexpress=True):
    """The Debian kernels of the cache as scripts/matrix boots them (armmp
    also on vexpress-a9 with its DTB). The matrix adds no boot options.
    Raises JobError for a kernel.json whose name or arch cannot make a job."""
    out = []
    for k in kcache.load(cache):
        where = os.path.join(os.path.dirname(k["vmlinuz"]), "kernel.json")
        check_name(k["name"], where)
        if k.get("arch") not in archs.arches():
            raise JobError("%s: %s (known: %s)" % (
                where, "arch %s is unknown" % ascii(k["arch"]) if "arch" in k else
                "no arch field", ", ".join(archs.arches())))
        rows = [(None, None)]
        if vexpress and k["flavour"] == "armmp" and k.get("dtb"):
            rows.append(("vexpress-a9", k["dtb"]))
        for machine, dtb in rows:
            out.append(Kernel(k["name"] + ("@" + machine if machine else ""), "matrix",
                              k["arch"], machine, k["vmlinuz"], dtb, k.get("release"), ""))
    return out


def runner_words(expect, backport):
    """The sp.* words validate-kernel puts on the command line for --expect and
    --expect-backport (its main(): sp.require= the config capabilities among
    them, filter when none; sp.expect_backport= when given)."""
    caps = [e for e in expect + [b for b in backport if b not in expect]
            if e in ("strict", "filter", "trap")] or ["filter"]
    words = ["sp.require=" + ",".join(caps)]
    if backport:
        words.append("sp.expect_backport=" + ",".join(backport))
    return " ".join(words)


def historic_kernels(top, expected=historic_run.EXPECTED):
    """The real old kernels of folder top as scripts/historic validates them:
    each row of the expected table gives its --expect and --expect-backport."""
    rows = historic_table.load(expected)
    out = []
    for name, d, k in historic_run.folders(top):
        if "error" in k:
            raise JobError("historic kernel %s: %s" % (d, k["error"]))
        check_name(name, d)
        argv = historic_run.validate_argv(d, k, rows.get(name), "-", "-", 0)
        opt = {argv[i]: argv[i + 1] for i in range(1, len(argv) - 1) if argv[i].startswith("--")}
        machine = opt.get("--machine")
        expect = [e for e in opt.get("--expect", "").split(",") if e]
        backport = [e for e in opt.get("--expect-backport", "").split(",") if e]
        out.append(Kernel(name, "historic", str(k.get("arch")), machine, opt["--kernel"],
                          opt.get("--dtb"), k.get("release"), runner_words(expect, backport)))
    return out


def plan_of(build, cmdline):
    """The guest's section plan for a kernel command line, as its /init says
    (`init --plan`): Plan(sections [names, init first], deadlines {name:
    seconds}, watchdog_s). Any arch's init answers the same (one init.c); the
    first one this host can run is used. Raises JobError without one."""
    tried = []
    for arch in archs.arches():
        init = os.path.join(build, "qemu-images", arch, "init")
        if not os.path.isfile(init):
            continue
        try:
            p = subprocess.run([init, "--plan", cmdline], stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as e:
            tried.append("%s: %s" % (init, getattr(e, "strerror", None) or e))
            continue
        m = re.search(r"(?m)^sections: (.*)$", p.stdout)
        w = re.search(r"(?m)^watchdog: (\d+)s", p.stdout)
        if p.returncode != 0 or not m or not w:
            tried.append("%s --plan: exit %d, no plan" % (init, p.returncode))
            continue
        names, deadlines = [], {}
        # "init probe(120s) ... upstream(180s, background)"
        for s in re.finditer(r"\S+?(?:\([^)]*\))?(?=\s|$)", m.group(1)):
            word = re.match(r"^([a-z0-9_-]+)(?:\((\d+)s(?:, [a-z ]+)?\))?$", s.group(0))
            if not word:
                raise JobError("%s --plan: cannot read section '%s'" % (init, s.group(0)))
            names.append(word.group(1))
            if word.group(2):
                deadlines[word.group(1)] = int(word.group(2))
        return Plan(names, deadlines, int(w.group(1)))
    raise JobError("no runnable %s/qemu-images/<arch>/init to ask for the section plan (%s); "
                   "run make initramfs" % (build, "; ".join(tried) or "none built"))


def url_of(path, url_map=()):
    """The URL of a local file: the first (directory, URL prefix) of url_map
    holding it (the prefix as url_prefix gives it), else file://<absolute path>."""
    full = os.path.abspath(path)
    for d, prefix in url_map:
        d = os.path.abspath(d)
        if full.startswith(d.rstrip(os.sep) + os.sep):
            return prefix.rstrip("/") + "/" + quote(os.path.relpath(full, d))
    return "file://" + quote(full)


def _options(argv):
    """QEMU argv words grouped per option: ["-M pc", "-cpu max", "-nographic", ...]."""
    out = []
    for w in argv:
        if w.startswith("-") or not out:
            out.append(w)
        else:
            out[-1] += " " + w
    return out


def record(kern):
    """The arch record of a kernel; raises JobError for an unknown arch or machine."""
    rec = archs.find(kern.arch, kern.machine)
    if rec is None:
        raise JobError("kernel %s: unknown arch/machine %s/%s (known arches: %s)" % (
            kern.name, kern.arch, kern.machine or "-", ", ".join(archs.arches())))
    return rec


def qemu_split(rec, append="", dtb=False):
    """(device options, image args) of the runner's QEMU command for rec:
    the options up to -kernel, and {"kernel", "initrd"[, "dtb"]: image_arg}."""
    argv = archs.command(rec, "{kernel}", "{initrd}", "{dtb}" if dtb else None, append, "tcg")
    k = argv.index("-kernel")
    words = _options(argv[k:])
    cmd = [w for w in words if w.startswith("-append ")][0][len("-append "):]
    if '"' in cmd:
        raise JobError("kernel command line %r: a double quote cannot pass through LAVA" % cmd)
    args = {"kernel": '-kernel {kernel} -append "%s"' % cmd, "initrd": "-initrd {initrd}"}
    if dtb:
        args["dtb"] = "-dtb {dtb}"
    return _options(argv[1:k]), args


def lava_arch(rec):
    """LAVA's name of the arch (job context, available_architectures): the
    QEMU binary's suffix (x86_64, i386, arm, aarch64)."""
    return rec.qemu[len("qemu-system-"):]


def device_name(rec):
    """The device dictionary's name for rec: "qemu-<arch>-<machine>"."""
    return "qemu-%s-%s" % (rec.arch, rec.machine)


def qemu_device(rec):
    """The device dictionary (dict) of a local QEMU worker for rec, as lava-run
    reads it: QEMU options from the runner, TCG forced, no KVM."""
    options, _args = qemu_split(rec)
    if "-enable-kvm" in options or "-accel tcg" not in options:
        raise JobError("%s: the runner's QEMU options %s do not force TCG" % (
            device_name(rec), " ".join(options)))
    return {
        "device_type": "qemu",
        "available_architectures": [lava_arch(rec)],
        # One attempt per action, as the runner boots once (a retry would hide a bad boot).
        "constants": {"failure_retry": 1, "boot_retry": 1,
                      "kernel-start-message": "Linux version [0-9]",
                      "shutdown-message": "reboot: Power down",
                      "default-shell-prompt": "lava-test: # ", "spawn_maxread": "4092"},
        "parameters": {},
        "actions": {
            "deploy": {"connections": {"serial": None}, "methods": {"image": {"parameters": {}}}},
            "boot": {"connections": {"serial": None},
                     "methods": {"qemu": {"parameters": {"command": rec.qemu,
                                                         "options": options}}}},
        },
        "timeouts": {"actions": {}, "connections": {}},
    }


def _minutes(seconds):
    return {"minutes": max(1, int(math.ceil(seconds / 60.0)))}


def test_action(plan):
    """The monitors test action (dict) and the timeouts it needs (dict)."""
    sets = lava_sets.result_sections(plan.sections)
    if not sets:
        raise JobError("the guest's plan (%s) has no result section" % " ".join(plan.sections))
    test_s = plan.watchdog_s + MARGIN_S
    quiet_s = max(plan.deadlines.values() or [plan.watchdog_s]) + MARGIN_S
    action = {"timeout": _minutes(test_s), "monitors": [lava_sets.monitor(s) for s in sets]}
    timeouts = {"job": _minutes(test_s + 60 * (DEPLOY_MIN + BOARD_BOOT_MIN)),
                "action": _minutes(test_s),
                "connections": {"lava-test-monitor": _minutes(quiet_s)}}
    return action, timeouts


def _metadata(kern, rec, qemu=True):
    out = {"seccomp-probe.kernel": kern.name, "seccomp-probe.origin": kern.origin,
           "seccomp-probe.release": kern.release or "unknown", "seccomp-probe.arch": rec.arch}
    if qemu:
        out["seccomp-probe.machine"] = rec.machine
    return out


def qemu_job(kern, initrd, plan, url_map=()):
    """The LAVA job (dict) booting kern under QEMU with the archive initrd."""
    rec = record(kern)
    if rec.needs_dtb and not kern.dtb:
        raise JobError("kernel %s: machine %s needs the board's DTB" % (kern.name, rec.machine))
    options, args = qemu_split(rec, kern.append, bool(kern.dtb))
    test, timeouts = test_action(plan)
    images = {"kernel": {"image_arg": args["kernel"], "url": url_of(kern.vmlinuz, url_map)},
              "initrd": {"image_arg": args["initrd"], "url": url_of(initrd, url_map)}}
    if kern.dtb:
        images["dtb"] = {"image_arg": args["dtb"], "url": url_of(kern.dtb, url_map)}
    extra = [o for o in options if o.split()[0] not in SERVER_TEMPLATE_OPTIONS]
    return {
        "device_type": "qemu",
        "job_name": "seccomp-probe %s on %s/%s" % (kern.name, rec.arch, rec.machine),
        "timeouts": timeouts,
        "priority": "medium",
        "visibility": "public",
        # Read by a server's qemu device type only; lava-run takes the device file.
        "context": {"arch": lava_arch(rec), "machine": rec.machine, "cpu": rec.cpu,
                    "memory": rec.memory_mb, "no_kvm": True, "extra_options": extra},
        "metadata": _metadata(kern, rec),
        "actions": [
            {"deploy": {"to": "tmpfs", "timeout": {"minutes": DEPLOY_MIN}, "images": images}},
            {"boot": {"method": "qemu", "media": "tmpfs", "timeout": {"minutes": BOOT_MIN}}},
            {"test": test},
        ],
    }


def board_job(kern, initrd, plan, device_type, dtb_url=None, url_map=()):
    """The LAVA job (dict) for a real board of device_type: tftp, u-boot's
    ramdisk commands, the same monitors; the console and the board's own
    kernel arguments come from its device dictionary. Raises JobError for an
    image u-boot cannot boot."""
    rec = record(kern)
    fmt = kimage.identify_file(kern.vmlinuz)
    if fmt not in BOARD_KERNEL:
        raise JobError("kernel %s: %s, which no u-boot job here boots (%s)" % (
            kern.name, "a %s image" % fmt if fmt else "not a kernel image kimage knows",
            ", ".join(BOARD_KERNEL)))
    ktype, compression = BOARD_KERNEL[fmt]
    test, timeouts = test_action(plan)
    kernel = {"url": url_of(kern.vmlinuz, url_map), "type": ktype}
    if compression:
        kernel["compression"] = compression
    deploy = {"to": "tftp", "timeout": {"minutes": DEPLOY_MIN}, "kernel": kernel,
              "ramdisk": {"url": url_of(initrd, url_map), "install_modules": False,
                          "install_overlay": False}}
    if dtb_url:
        deploy["dtb"] = {"url": dtb_url}
    args = " ".join(w for w in (archs.BASE_APPEND, rec.extra_append, kern.append) if w)
    return {
        "device_type": device_type,
        "job_name": "seccomp-probe %s on a %s board" % (kern.name, device_type),
        "timeouts": timeouts,
        "priority": "medium",
        "visibility": "public",
        "context": {"extra_kernel_args": args},
        "metadata": _metadata(kern, rec, qemu=False),
        "actions": [
            {"deploy": deploy},
            {"boot": {"method": "u-boot", "commands": "ramdisk",
                      "timeout": {"minutes": BOARD_BOOT_MIN}}},
            {"test": test},
        ],
    }
