# SPDX-License-Identifier: MIT
"""hostrun: the guest's sections run on this machine's own kernel.

Runs the same programs /init runs in a guest (probe, config check, selftests)
on the host, frames their output the way /init does and returns the console
bytes, so the one parser and the one verdict judge both.
"""
import gzip
import os
import subprocess

from . import console


def _section(name, argv, timeout_s):
    """Framed bytes of one section: argv's stdout, rc as /init reports it."""
    if not os.access(argv[0], os.X_OK):
        return console.frame(name, "absent: %s not built\n" % argv[0], "absent")
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout_s)
    except subprocess.TimeoutExpired as e:
        return console.frame(name, e.stdout or b"", "timeout")
    rc = str(p.returncode) if p.returncode >= 0 else "sig:%d" % -p.returncode
    out = p.stdout if p.stdout.endswith(b"\n") or not p.stdout else p.stdout + b"\n"
    return console.frame(name, out, rc)


def running_config_text():
    """(path, text) of the running kernel's config in the checker's search order
    (the part of it Python can read), or (None, None)."""
    release = os.uname().release
    for path in (os.environ.get("KCONFIG_PATH"), "/proc/config.gz",
                 "/boot/config-" + release, "/lib/modules/%s/config" % release,
                 "/lib/modules/%s/build/.config" % release,
                 "/usr/src/linux-%s/.config" % release):
        if not path or not os.path.isfile(path):
            continue
        try:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", errors="replace") as f:
                return path, f.read()
        except (OSError, EOFError):
            continue
    return None, None


def section_commands(tool, suite, expect_backport=(), require="", config=None):
    """[(section name, argv)] of the sections a run outside QEMU has (in place,
    and on a device: sprunner/target_run.py), in /init's order. tool, suite:
    paths of seccomp-probe and seccomp-selftests; expect_backport: feature
    names for the selftests; require: kconfig's --require list ("" for its
    default); config: the config file kconfig reads (None: its search order)."""
    kconfig = [tool, "kconfig", "--json"] + (["--require", require] if require else [])
    selftests = [suite] + (["--expect-backport", ",".join(expect_backport)]
                           if expect_backport else [])
    return [("probe", [tool, "--json"]), ("kconfig", kconfig + ([config] if config else [])),
            ("selftests", selftests)]


def run(build, timeout_s=300, expect_backport=(), require=""):
    """Console bytes of the host run: init, probe, kconfig, selftests, DONE.
    expect_backport: feature names passed to the selftests (--expect-backport);
    require: the kconfig section's --require list ("" for its default)."""
    commands = section_commands(os.path.join(build, "seccomp-probe"),
                                os.path.join(build, "seccomp-selftests"), expect_backport, require)
    parts = [console.frame("init", "host run on Linux %s (no QEMU)\n" % os.uname().release)]
    parts += [_section(name, argv, timeout_s) for name, argv in commands]
    return b"".join(parts) + b"@@SP-DONE sections=%d@@\n" % len(parts)
