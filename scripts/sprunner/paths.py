# SPDX-License-Identifier: MIT
"""paths: where validate-kernel finds the initramfs, the host tools and its log directory.

From a checkout (scripts/validate-kernel): everything is in $BUILD (default
"build", relative to the current directory), as before.
Installed (`make install`, scripts/install.mk): the script and this package
lie in $(DATADIR)/seccomp-probe/ beside the archives, and make install writes
install-paths there, whose line bindir=DIR gives $(BINDIR) relative to that
directory (so a DESTDIR stage works from wherever it lies). Then the archives
come from that directory, seccomp-probe and seccomp-selftests from BINDIR, and
logs go to $XDG_CACHE_HOME/seccomp-probe/validate (default ~/.cache/...).
"""
import os

# scripts/ in a checkout, $(DATADIR)/seccomp-probe when installed.
HOME_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
LAYOUT_FILE = os.path.join(HOME_DIR, "install-paths")


def build_dir():
    return os.environ.get("BUILD", "build")


def installed_bindir():
    """The installed BINDIR (absolute), or None when running from a checkout."""
    try:
        with open(LAYOUT_FILE, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("bindir="):
            return os.path.normpath(os.path.join(HOME_DIR, line[len("bindir="):]))
    return None


def bin_dir():
    """Where seccomp-probe and seccomp-selftests for this machine are."""
    return installed_bindir() or build_dir()


def data_dir():
    """Where initramfs-<arch>.cpio.gz are."""
    return HOME_DIR if installed_bindir() else build_dir()


def initrd(arch):
    return os.path.join(data_dir(), "initramfs-%s.cpio.gz" % arch)


def tool():
    """The host's seccomp-probe."""
    return os.path.join(bin_dir(), "seccomp-probe")


def log_dir():
    """Where validate-kernel keeps console logs: $BUILD/validate, or the user's cache."""
    if not installed_bindir():
        return os.path.join(build_dir(), "validate")
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "seccomp-probe", "validate")
