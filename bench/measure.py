# SPDX-License-Identifier: MIT
"""measure.py: whole-process figures of one command run, and their medians.

The figures come from bench/rusage.c (built as $BUILD/bench/rusage): the
kernel's own rusage of the waited-for process (wait4(2), what GNU time
prints) at microsecond resolution, and a monotonic clock around fork and
wait4. rusage.c says why not GNU time or Python's own wait4.
"""
import collections
import os
import statistics

# wall, cpu: seconds. cpu is user + system of the process and every child it
# waited for. rss_kib: peak RSS (KiB) of the largest process in that tree.
Sample = collections.namedtuple("Sample", "wall cpu rss_kib exit")


def run_once(rusage, argv, out_path):
    """Run argv under the rusage tool (path RUSAGE) with stdin /dev/null and
    stdout and stderr to out_path (truncated). Returns a Sample; exit is
    argv's exit code (128+N for signal N, 127 when it could not be executed).
    Raises OSError when rusage cannot be started or out_path written, and
    RuntimeError when rusage fails or writes no report."""
    report = out_path + ".rusage"
    try:
        os.unlink(report)  # never read a report of an earlier run
    except FileNotFoundError:
        pass
    null = os.open(os.devnull, os.O_RDONLY)
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, out, 1),
                   (os.POSIX_SPAWN_DUP2, out, 2)]
        pid = os.posix_spawn(rusage, [rusage, report] + list(argv), os.environ,
                             file_actions=actions)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(null)
        os.close(out)
    try:
        with open(report) as f:
            wall_ns, cpu_us, rss, code = (int(x) for x in f.read().split())
    except (OSError, ValueError):
        raise RuntimeError("%s %s: no report (exit status %d; see %s)"
                           % (rusage, argv[0], status, out_path)) from None
    os.unlink(report)
    return Sample(wall_ns / 1e9, cpu_us / 1e6, rss, code)


def medians(samples):
    """Median wall (s), cpu (s) and peak RSS (KiB) of a non-empty list of
    Samples, as a dict."""
    return {"wall": statistics.median(s.wall for s in samples),
            "cpu": statistics.median(s.cpu for s in samples),
            "rss_kib": statistics.median(s.rss_kib for s in samples)}
