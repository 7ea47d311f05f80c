# SPDX-License-Identifier: MIT
"""timing: how long a boot took, in guest seconds and in host wall seconds.

Guest seconds come from the kernel's own printk timestamps ("[    3.241753]
Run /init as init process", "reboot: Power down") where the kernel prints
them, else from /init's CLOCK_MONOTONIC in its frames (console.py: each END
line's start= and end=, the DONE line's at=). Wall seconds come from the
host noting when each marked console line arrived (boot.run_marked). Every
figure is None when the console does not show it (an old log, no timestamps).
"""
import re

KMSG_TIME_RE = re.compile(rb"^\s*(?:<\d>)?\[\s*(\d+\.\d+)\]\s?(.*)$")
# The kernel starting /init (3.x and later say "Run /init as init process").
INIT_RE = re.compile(rb"Run \S+ as init process")
# The kernel ending the machine (reboot(2) after /init's DONE).
POWEROFF_RE = re.compile(rb"reboot: (?:Power down|Restarting system)|^(?:Power down|"
                         rb"Restarting system)\.?\s*$")
END_NAME_RE = re.compile(rb"@@SP-END ([A-Za-z0-9_.-]+) ")


def _kmsg_time(lines, pattern):
    """Timestamp (float) of the first kernel line whose text matches, or None."""
    for line in lines:
        m = KMSG_TIME_RE.match(line)
        if m and pattern.search(m.group(2)):
            return float(m.group(1))
    return None


def _r(v, digits=3):
    return round(v, digits) if v is not None else None


def guest_seconds(con):
    """{"init_at", "init_from", "poweroff_at", "poweroff_from", "sections",
    "sections_total", "done_at"} in guest seconds since the kernel's start.
    *_from says which clock: "kernel" (printk) or "init" (/init's frames).
    sections: {name: seconds it ran}, in console order."""
    lines = getattr(con, "lines", ()) or ()
    first = con.sections[0] if con.sections else None
    init_at, init_from = _kmsg_time(lines, INIT_RE), "kernel"
    if init_at is None and first is not None and first.name == "init":
        init_at, init_from = first.start, "init"
    off_at, off_from = _kmsg_time(lines, POWEROFF_RE), "kernel"
    if off_at is None:
        off_at, off_from = con.done_at, "init"
    secs = {s.name: _r(s.end - s.start) for s in con.sections
            if s.start is not None and s.end is not None and s.name != "init"}
    starts = [s.start for s in con.sections if s.start is not None]
    total = None
    if con.done_at is not None and starts:
        total = con.done_at - min(starts)
    elif init_at is not None and off_at is not None:
        total = off_at - init_at  # an older /init: its sections lie between the two
    return {"init_at": _r(init_at), "init_from": init_from if init_at is not None else None,
            "poweroff_at": _r(off_at), "poweroff_from": off_from if off_at is not None else None,
            "done_at": _r(con.done_at), "sections": secs, "sections_total": _r(total)}


def wall_seconds(marks, total):
    """{"total", "first_output", "init_at", "done_at", "sections"} in host
    seconds since QEMU started, from boot.run_marked's marks. sections:
    {name: seconds the host waited for it}: from the previous frame's END
    line (or /init's start) to this one's, so they add up to the sections
    phase even for a section run in the background (its wait is what it
    added after the others)."""
    out = {"total": _r(total), "first_output": None, "init_at": None, "done_at": None,
           "sections": {}}
    prev = None
    for t, line in marks or ():
        if out["first_output"] is None and b"Linux version " in line:
            out["first_output"] = t
        if out["init_at"] is None and (INIT_RE.search(line) or b"@@SP-BEGIN init@@" in line):
            out["init_at"] = t
        m = END_NAME_RE.search(line)
        if m:
            name = m.group(1).decode("utf-8", "replace")
            if name != "init" and prev is not None:
                out["sections"][name] = _r(t - prev)
            prev = t
        if b"@@SP-DONE" in line and out["done_at"] is None:
            out["done_at"] = t
    return out


def of_boot(con, marks, total):
    """{"guest": guest_seconds, "wall": wall_seconds} of one boot."""
    return {"guest": guest_seconds(con), "wall": wall_seconds(marks, total)}


def ratio(a, b):
    """a / b rounded to 2 places, or None when either is missing or b is 0."""
    if a is None or not b:
        return None
    return round(a / b, 2)


def _s(v):
    return "%.2f s" % v if v is not None else "?"


def report_lines(t, label="time:      "):
    """The report's lines for one boot's timing dict (of_boot), or []."""
    if not t:
        return []
    g, w = t.get("guest") or {}, t.get("wall") or {}
    lines = []
    if g.get("poweroff_at") is not None or g.get("init_at") is not None:
        lines.append("%sguest clock (%s): /init started at %s, power-off at %s; the sections "
                     "ran %s" % (label, "the kernel's printk timestamps" if
                                 g.get("init_from") == "kernel" else "/init's CLOCK_MONOTONIC",
                                 _s(g.get("init_at")), _s(g.get("poweroff_at")),
                                 _s(g.get("sections_total"))))
        if g.get("sections"):
            lines.append("           guest seconds per section: " + ", ".join(
                "%s %.2f" % (n, v) for n, v in g["sections"].items()))
    if w.get("total") is not None:
        lines.append("%shost wall: %s from QEMU's start to its exit: kernel output "
                     "after %s, /init after %s, the verdict's last line after %s" % (
                         "           " if lines else label, _s(w["total"]),
                         _s(w.get("first_output")), _s(w.get("init_at")), _s(w.get("done_at"))))
        if w.get("sections"):
            lines.append("           host seconds waited per section: " + ", ".join(
                "%s %.2f" % (n, v) for n, v in w["sections"].items()))
    return lines


def bare_ratio(t, bare):
    """{"guest", "wall"}: the validation's power-off (guest) and QEMU run (wall)
    as ratios of the bare boot's, each None when a figure is missing; None
    without a bare boot."""
    if not bare or not t or not bare.get("timing"):
        return None
    bg, bw = bare["timing"]["guest"], bare["timing"]["wall"]
    return {"guest": ratio(t["guest"].get("poweroff_at"), bg.get("poweroff_at")),
            "wall": ratio(t["wall"].get("total"), bw.get("total"))}


def bare_lines(bare, ratios):
    """The "bare:" lines: the bare boot's figures and the validation's ratios."""
    if not bare:
        return []
    if not bare.get("ok"):
        return ["bare:      the bare boot failed: %s" % bare.get("reason")]
    bg, bw = bare["timing"]["guest"], bare["timing"]["wall"]
    r = ratios or {}
    return ["bare:      the same kernel with an /init that powers off at once: /init at %s, "
            "power-off at %s guest, %s wall; boot-to-verdict is %sx that in guest time, "
            "%sx in wall time" % (_s(bg.get("init_at")), _s(bg.get("poweroff_at")),
                                   _s(bw.get("total")),
                                   "%.2f" % r["guest"] if r.get("guest") else "?",
                                   "%.2f" % r["wall"] if r.get("wall") else "?")]
