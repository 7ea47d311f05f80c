# SPDX-License-Identifier: MIT
"""target_archive: the static binaries a device gets, read out of the arch's
initramfs (qemu-images/mkinitramfs), so a device runs byte for byte what a
QEMU guest of that arch runs, from a checkout and from an installed tree alike
(paths.initrd).

The archive is a gzipped "newc" cpio; GNU cpio (Debian's cpio package, which
builds the archives too) reads it, Python's gzip module unpacks it.
"""
import gzip
import os
import shutil
import subprocess
import tempfile
import zlib

# The members the device needs: /init frames the sections and keeps their deadlines.
WANTED = ("init", "bin/seccomp-probe", "bin/seccomp-selftests")
REQUIRED = ("init", "bin/seccomp-probe")


class ArchiveError(Exception):
    """The archive is missing, unreadable or not a newc cpio."""


def members(path, wanted=WANTED):
    """{name: bytes} of the regular files in the archive at path whose names
    (without the leading "/" or "./") are in wanted. ArchiveError when it
    cannot be read or parsed, or when the cpio program is missing."""
    try:
        with gzip.open(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError, zlib.error) as e:
        raise ArchiveError("%s: %s" % (path, getattr(e, "strerror", None) or e)) from None
    if shutil.which("cpio") is None:
        raise ArchiveError("no cpio program on PATH to read %s (apt-get install cpio)" % path)
    patterns = [p for n in wanted for p in (n, "./" + n, "/" + n)]
    with tempfile.TemporaryDirectory(prefix="sp-archive.") as tmp:
        r = subprocess.run(["cpio", "-i", "-d", "--quiet", "--no-absolute-filenames",
                            "-H", "newc", "-D", tmp] + patterns,
                           input=data, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        why = r.stderr.decode("utf-8", "replace").strip().splitlines()
        if r.returncode != 0 or why:   # a damaged header is only a warning ("junk")
            raise ArchiveError("%s: not a newc cpio archive (%s)"
                               % (path, why[0] if why else "exit %d" % r.returncode))
        out = {}
        for name in wanted:
            local = os.path.join(tmp, name)
            if os.path.isfile(local) and not os.path.islink(local):
                with open(local, "rb") as f:
                    out[name] = f.read()
        return out


def extract(path, out_dir):
    """Write the wanted members of the archive into out_dir (flat, mode 0755):
    {member name: local path}. ArchiveError when a REQUIRED one is missing."""
    found = members(path)
    missing = [n for n in REQUIRED if n not in found]
    if missing:
        raise ArchiveError("%s has no %s" % (path, ", ".join("/" + n for n in missing)))
    local = {}
    for name, body in found.items():
        dest = os.path.join(out_dir, os.path.basename(name))
        with open(dest, "wb") as f:
            f.write(body)
        os.chmod(dest, 0o755)
        local[name] = dest
    return local
