# SPDX-License-Identifier: MIT
"""kcache: where scripts/kernels keeps kernels, and the set it fetches.

Each cached kernel is a directory <cache>/<name>/ holding `vmlinuz`, `config`
(the package's /boot/config-*), optionally `vexpress-v2p-ca9.dtb` (armmp), and
`kernel.json` describing it (name, series, suite, flavour, arch, package, version,
release). <name> is "<series>-<flavour>", e.g. "6.1-armmp".
"""
import json
import os

# Debian suites per kernel series; the newest candidate across a row's suites wins.
SERIES = (
    # series, suites searched (in one private apt root), flavours offered
    ("5.10", ("bullseye",), ("amd64", "686", "armmp", "arm64")),
    ("6.1", ("bookworm",), ("amd64", "686", "armmp", "arm64")),
    ("6.12", ("bookworm-backports",), ("amd64", "armmp", "arm64")),
    ("sid", ("sid",), ("amd64", "armmp", "arm64")),
)

# Debian kernel flavour -> (Debian architecture, guest arch name used by qemu-run).
FLAVOURS = {
    "amd64": ("amd64", "x86_64"),
    "686": ("i386", "i386"),
    "armmp": ("armhf", "armhf"),
    "arm64": ("arm64", "arm64"),
}

VEXPRESS_DTB = "vexpress-v2p-ca9.dtb"


def default_cache_dir():
    """The kernel cache: $SP_KERNEL_CACHE, else $XDG_CACHE_HOME/seccomp-probe/kernels,
    else build/kernels (relative to the current directory)."""
    if os.environ.get("SP_KERNEL_CACHE"):
        return os.environ["SP_KERNEL_CACHE"]
    if os.environ.get("XDG_CACHE_HOME"):
        return os.path.join(os.environ["XDG_CACHE_HOME"], "seccomp-probe", "kernels")
    return os.path.join("build", "kernels")


def all_names():
    """Every kernel name the set holds, in table order (fourteen)."""
    return ["%s-%s" % (s, f) for s, _suites, flavours in SERIES for f in flavours]


def load(cache_dir):
    """Every complete cached kernel as a list of dicts (kernel.json plus absolute
    paths 'vmlinuz', 'config', 'dtb' or None), in table order, unknown names last."""
    order = {n: i for i, n in enumerate(all_names())}
    found = []
    if not os.path.isdir(cache_dir):
        return found
    for name in os.listdir(cache_dir):
        d = os.path.join(cache_dir, name)
        meta_path = os.path.join(d, "kernel.json")
        if not os.path.isfile(meta_path):
            continue
        try:
            with open(meta_path, encoding="utf-8") as f:
                meta = json.load(f)
        except (OSError, ValueError):
            continue
        if not isinstance(meta, dict) or not all(isinstance(meta.get(k), str)
                                                 for k in ("name", "flavour")):
            continue  # not a kernel.json scripts/kernels wrote
        meta["vmlinuz"] = os.path.abspath(os.path.join(d, "vmlinuz"))
        meta["config"] = os.path.abspath(os.path.join(d, "config"))
        dtb = os.path.join(d, VEXPRESS_DTB)
        meta["dtb"] = os.path.abspath(dtb) if os.path.isfile(dtb) else None
        if os.path.isfile(meta["vmlinuz"]) and os.path.isfile(meta["config"]):
            found.append(meta)
    found.sort(key=lambda m: (order.get(m.get("name"), len(order)), m.get("name", "")))
    return found
