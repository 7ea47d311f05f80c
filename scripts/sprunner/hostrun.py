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


def run(build, timeout_s=300, expect_backport=(), require=""):
    """Console bytes of the host run: init, probe, kconfig, selftests, DONE.
    expect_backport: feature names passed to the selftests (--expect-backport);
    require: the kconfig section's --require list ("" for its default)."""
    tool = os.path.join(build, "seccomp-probe")
    suite = os.path.join(build, "seccomp-selftests")
    kconfig = [tool, "kconfig", "--json"] + (["--require", require] if require else [])
    selftests = [suite] + (["--expect-backport", ",".join(expect_backport)]
                           if expect_backport else [])
    parts = [console.frame("init", "host run on Linux %s (no QEMU)\n" % os.uname().release),
             _section("probe", [tool, "--json"], timeout_s),
             _section("kconfig", kconfig, timeout_s),
             _section("selftests", selftests, timeout_s)]
    return b"".join(parts) + b"@@SP-DONE sections=%d@@\n" % len(parts)
