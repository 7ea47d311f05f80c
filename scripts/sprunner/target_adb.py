# SPDX-License-Identifier: MIT
"""target_adb: an Android device reached with the system's adb.

adb: the one device adb sees (adb itself refuses when it sees several);
adb:SERIAL: the device `adb devices` lists as SERIAL (a USB serial, or
HOST:PORT for adb over TCP), passed on as `adb -s SERIAL`. Shell text goes
through `adb shell`; files through `adb push` and `adb pull`, which copy
bytes exactly (unlike a shell's stdout on adb versions that give it a pty).
"""
from .target import TargetError, Transport, last_line, run_client


class AdbTransport(Transport):
    program = "adb"
    install_hint = "apt-get install adb"
    # Android's shell user may write and execute only below /data/local/tmp;
    # other devices: $TMPDIR, else /tmp.
    temp_parents = ("/data/local/tmp", '"${TMPDIR:-/tmp}"', "/tmp")

    def __init__(self, serial):
        self.serial = serial

    def describe(self):
        return "adb" + (":" + self.serial if self.serial else "")

    def _adb(self):
        return [self.client()] + (["-s", self.serial] if self.serial else [])

    def _shell_argv(self, text):
        return self._adb() + ["shell", text]

    def _copy(self, argv, timeout_s):
        rc, out, err, timed_out = run_client(argv, timeout_s)
        if timed_out:
            return False, "adb timed out after %.0f s" % timeout_s
        # adb prints its errors on stderr, older versions on stdout.
        return rc == 0, last_line(err or out.decode("utf-8", "replace"))

    def push(self, local_paths, remote_dir, timeout_s):
        return self._copy(self._adb() + ["push"] + list(local_paths) + [remote_dir + "/"],
                          timeout_s)

    def pull(self, remote_path, local_dir, timeout_s):
        return self._copy(self._adb() + ["pull", remote_path, local_dir], timeout_s)


def from_spec(spec):
    """AdbTransport for "adb" or "adb:SERIAL"; TargetError for an empty or odd serial."""
    serial = spec[len("adb:"):] if spec.startswith("adb:") else None
    if serial is not None and (not serial or serial.startswith("-") or
                               any(c.isspace() for c in serial)):
        raise TargetError("--target %s: adb:SERIAL needs the serial `adb devices` lists "
                          "(no spaces, not starting with -)" % spec)
    return AdbTransport(serial)
