# SPDX-License-Identifier: MIT
"""target_ssh: a device reached with the system's ssh and scp (OpenSSH).

ssh://[user@]host[:port]: host is a name, an IPv4 address or [IPv6]. The
user's own ssh configuration (~/.ssh/config, keys, agent) applies; the run
never prompts (BatchMode), gives up connecting after ConnectTimeout and calls
a connection dead after ServerAliveInterval x ServerAliveCountMax seconds of
silence.
"""
import re
import shutil
import time

from .target import TargetError, Transport, last_line, run_client

URL_RE = re.compile(r"^ssh://(?:(?P<user>[A-Za-z0-9._][A-Za-z0-9._-]*)@)?"
                    r"(?P<host>[A-Za-z0-9_][A-Za-z0-9._-]*|\[[0-9A-Fa-f:.]+\])"
                    r"(?::(?P<port>\d{1,5}))?/?$")
# Options on every ssh and scp command line.
OPTIONS = ("-o", "BatchMode=yes", "-o", "ConnectTimeout=15", "-o", "ServerAliveInterval=5",
           "-o", "ServerAliveCountMax=3")


class SshTransport(Transport):
    program = "ssh"
    install_hint = "apt-get install openssh-client"
    # The device's $TMPDIR, else /tmp, else /var/tmp.
    temp_parents = ('"${TMPDIR:-/tmp}"', "/tmp", "/var/tmp")

    def __init__(self, user, host, port):
        self.user, self.host, self.port = user, host, port

    def describe(self):
        return "ssh://%s%s%s" % (self.user + "@" if self.user else "", self.host,
                                 ":%d" % self.port if self.port else "")

    def _dest(self):
        return (self.user + "@" if self.user else "") + self.host.strip("[]")

    def _port(self, flag):
        return [flag, str(self.port)] if self.port else []

    def _shell_argv(self, text):
        return [self.client()] + list(OPTIONS) + self._port("-p") + ["-T", "--", self._dest(),
                                                                    text]

    def client(self):
        """ssh's path; scp must be on PATH too (TargetError when either is not)."""
        found = {}
        for prog in ("ssh", "scp"):
            found[prog] = shutil.which(prog)
            if found[prog] is None:
                raise TargetError("no %s program on PATH (%s)" % (prog, self.install_hint))
        return found["ssh"]

    def _scp(self):
        # scp wants the port as -P; an IPv6 host keeps its brackets in HOST:PATH.
        return [shutil.which("scp"), "-q", "-B"] + list(OPTIONS) + self._port("-P")

    def _remote(self, path):
        return "%s%s:%s" % (self.user + "@" if self.user else "", self.host, path)

    def _copy(self, args, timeout_s):
        """scp ARGS; when that fails, once more with -O (the original scp protocol,
        for a device whose sshd has no SFTP server, e.g. dropbear: OpenSSH 9's scp
        speaks SFTP by default). Returns (ok, message)."""
        start, msg = time.monotonic(), None
        for legacy in ([], ["-O"]):
            left = timeout_s - (time.monotonic() - start)
            if left <= 0:
                break
            rc, _out, err, timed_out = run_client(self._scp() + legacy + args, left)
            if rc == 0:
                return True, ""
            msg = "scp timed out after %.0f s" % timeout_s if timed_out else last_line(err)
            if timed_out:
                break
        return False, msg or "scp timed out after %.0f s" % timeout_s

    def push(self, local_paths, remote_dir, timeout_s):
        return self._copy(["-p", "--"] + list(local_paths) + [self._remote(remote_dir + "/")],
                          timeout_s)

    def pull(self, remote_path, local_dir, timeout_s):
        return self._copy(["-r", "--", self._remote(remote_path), local_dir], timeout_s)


def from_url(url):
    """SshTransport for ssh://[user@]host[:port]; TargetError for anything else."""
    m = URL_RE.match(url)
    if m is None:
        raise TargetError("--target %s: not ssh://[user@]host[:port] (host: a name, an address "
                          "or [IPv6])" % url)
    port = int(m.group("port")) if m.group("port") else None
    if port is not None and not 1 <= port <= 65535:
        raise TargetError("--target %s: port %d is not 1..65535" % (url, port))
    return SshTransport(m.group("user"), m.group("host"), port)
