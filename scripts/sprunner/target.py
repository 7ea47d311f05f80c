# SPDX-License-Identifier: MIT
"""target: a live device that validate-kernel --target reaches over ssh or adb.

A Transport runs shell text on the device, pushes files to it and pulls files
from it, with the system's own client program (ssh/scp, adb); nothing outside
Python's standard library. The session itself (what runs there) is
target_run.py; the two transports are target_ssh.py and target_adb.py.

How a lost connection is told apart from a command that failed on the device:
every shell text runs in a subshell followed by `echo @@SP-TARGET rc=$?@@`;
a reply without that line ended before the device finished (the connection
dropped, the client died, or our deadline passed), whatever the client's exit
code says (ssh says 255, old adb versions say 0 for everything).
"""
import re
import shutil
import subprocess
from collections import namedtuple

# The line every shell text ends with on the device (the last one counts: a
# shell may print more after it, e.g. on logout). A pty (adb versions that give
# the shell one, an ssh wrapper) ends lines with "\r\n": the \r is allowed.
RC_MARK_RE = re.compile(rb"(?m)^@@SP-TARGET rc=(\d+)@@\r*$")
# Line ends of a shell's stdout through a pty, read as "\n".
CRLF_RE = re.compile(rb"\r+\n")

# rc: the device's exit status of the text (None when lost); out: its stdout
# without the rc line (bytes); err: the client's stderr (str); lost: the reply
# ended early; timed_out: our deadline passed and the client was killed.
Reply = namedtuple("Reply", "rc out err lost timed_out")


class TargetError(Exception):
    """Bad input or a device we cannot use: the ERROR verdict (exit 2)."""


class Lost(Exception):
    """The device stopped answering: the NO-RESULT verdict (exit 3).
    timed_out: the whole run passed --timeout (TIMEOUT instead)."""

    def __init__(self, reason, timed_out=False):
        super().__init__(reason)
        self.timed_out = timed_out


def last_line(text):
    """The last non-empty line of a client's stderr, or "no message"."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def run_client(argv, timeout_s, stdin_bytes=None):
    """Run a client program on the host: (rc, stdout bytes, stderr str, timed_out).
    rc is None when it was killed at timeout_s seconds."""
    try:
        p = subprocess.run(argv, input=stdin_bytes,
                           stdin=None if stdin_bytes is not None else subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout_s)
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", (e.stderr or b"").decode("utf-8", "replace"), True
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"), False


class Transport:
    """The interface of one device. Subclasses set `program` (the client's name,
    looked up on PATH), `install_hint` (how to get it), `temp_parents`
    (directories tried for mktemp -d, in order, as shell words) and implement
    describe, _shell_argv, push and pull."""

    program = None
    install_hint = ""
    temp_parents = ()

    def describe(self):
        """The target as the user wrote it, normalised (for the report)."""
        raise NotImplementedError

    def client(self):
        """Absolute path of the client program; TargetError when it is not on PATH."""
        path = shutil.which(self.program)
        if path is None:
            raise TargetError("no %s program on PATH (%s)" % (self.program, self.install_hint))
        return path

    def _shell_argv(self, text):
        """The host argv that runs shell text on the device."""
        raise NotImplementedError

    def shell(self, text, timeout_s):
        """Run shell text on the device within timeout_s seconds: a Reply. Its
        out has "\r\n" line ends (a pty's) read as "\n"; every file the run
        reads byte for byte comes by pull, not through this stdout."""
        wrapped = "(\n%s\n)\necho \"@@SP-TARGET rc=$?@@\"" % text
        rc, out, err, timed_out = run_client(self._shell_argv(wrapped), timeout_s)
        out = CRLF_RE.sub(b"\n", out)
        marks = list(RC_MARK_RE.finditer(out))
        m = marks[-1] if marks else None
        if m is None or timed_out:
            return Reply(None, out, err, True, timed_out)
        return Reply(int(m.group(1)), out[:m.start()], err, False, False)

    def push(self, local_paths, remote_dir, timeout_s):
        """Copy local files into remote_dir (an existing directory, absolute, no
        shell metacharacters). Returns (ok, message)."""
        raise NotImplementedError

    def pull(self, remote_path, local_dir, timeout_s):
        """Copy remote_path (a file or directory) into local_dir. Returns (ok, message)."""
        raise NotImplementedError


def parse(spec):
    """The Transport for a --target value: ssh://[user@]host[:port], adb or
    adb:SERIAL. TargetError names what is wrong with any other value."""
    from . import target_adb, target_ssh
    if spec.startswith("ssh://"):
        return target_ssh.from_url(spec)
    if spec == "adb" or spec.startswith("adb:"):
        return target_adb.from_spec(spec)
    raise TargetError("--target %s: expected ssh://[user@]host[:port], adb or adb:SERIAL" % spec)
