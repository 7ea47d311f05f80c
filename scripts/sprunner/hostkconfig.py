# SPDX-License-Identifier: MIT
"""hostkconfig: the project's config checker (`seccomp-probe kconfig`) run on the host.

The checker is another part of the project; until it is built into
build/seccomp-probe, available() is False and callers say so instead of guessing.
"""
import json
import os
import subprocess
import tempfile

from . import paths

DEFAULT_TOOL = paths.tool()  # $BUILD/seccomp-probe, or the installed one


def available(tool=DEFAULT_TOOL):
    """True when tool exists and its `kconfig` subcommand answers a tiny config with
    filter mode enabled by exit 0/1 and a JSON document (an older CLI without the
    subcommand rejects the word "kconfig" with exit 2)."""
    if not os.access(tool, os.X_OK):
        return False
    with tempfile.NamedTemporaryFile("w", suffix=".config") as f:
        f.write("# Linux/x86_64 6.1.0 Kernel Configuration\nCONFIG_NET=y\nCONFIG_SECCOMP=y\n"
                "CONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_SECCOMP_FILTER=y\n")
        f.flush()
        rc, doc, _err = check(["--require", "filter", f.name], tool)
    return rc in (0, 1) and isinstance(doc, dict)


def check(args, tool=DEFAULT_TOOL):
    """Run `tool kconfig --json ARGS...`. Returns (rc, parsed JSON or None, stderr text).
    rc follows the CLI: 0 requirements enabled, 1 missing, 2 unreadable/damaged input."""
    try:
        p = subprocess.run([tool, "kconfig", "--json"] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return 3, None, str(e)
    try:
        doc = json.loads(p.stdout.decode("utf-8", "replace"))
    except ValueError:
        doc = None
    return p.returncode, doc, p.stderr.decode("utf-8", "replace").strip()


def filter_enabled(config_path, tool=DEFAULT_TOOL):
    """(True/False, note) from `kconfig --require filter CONFIG`, or (None, why)."""
    if not available(tool):
        return None, "%s has no kconfig subcommand yet" % tool
    rc, _doc, err = check(["--require", "filter", config_path], tool)
    if rc in (0, 1):
        return rc == 0, "kconfig --require filter: rc=%d" % rc
    return None, "kconfig could not read %s (rc=%d): %s" % (config_path, rc, err)


def image_config(image, out_path, tool=DEFAULT_TOOL):
    """Extract the config embedded in a kernel image with `kconfig --image`; returns
    (rc, JSON or None, note). rc 2 when the image has no embedded config."""
    if not available(tool):
        return None, None, "%s has no kconfig subcommand yet: pass --config FILE" % tool
    rc, doc, err = check(["--image", image], tool)
    return rc, doc, err
