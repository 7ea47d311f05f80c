# SPDX-License-Identifier: MIT
"""sections: what a validation's console holds beyond its verdict, for the
text report, --json and --junit of validate-kernel: every section with its
status and rc, the config verdicts of the in-guest config check, and the
names of the selftests that failed. Also the one reader of the config
checker's JSON capabilities (host and guest alike).
"""
import json
import re

# The sections /init writes, in its order (a 32-bit guest has no -compat ones).
ORDER = ("init", "probe", "kconfig", "selftests", "probe-compat", "selftests-compat",
         "upstream")
# A failing KTAP test line ("not ok 12 fixture.variant.name", any directive cut off).
NOT_OK_RE = re.compile(rb"(?m)^not ok \d+ ([^#\n]*?)\s*(?:#[^\n]*)?$")


def section_list(con):
    """[{"name", "status" (ok, truncated, corrupt), "rc", "bytes"}] in console order."""
    return [{"name": s.name, "status": s.status, "rc": s.rc,
             "bytes": len(s.payload) if s.status == "ok" else s.expected_bytes}
            for s in con.sections]


def failed_tests(payload):
    """Names of the KTAP tests that failed ("not ok N name"), in order."""
    return [m.decode("utf-8", "replace") or "(unnamed)" for m in NOT_OK_RE.findall(payload or b"")]


def option_text(o):
    """One unmet config option of the checker's JSON: "CONFIG_NET is not set (want y)"."""
    found = str(o.get("found"))
    have = "%s %s" % (o.get("symbol"), found) if found in ("absent", "not set") else \
        "%s=%s" % (o.get("symbol"), found)
    return "%s (want %s)" % (have, o.get("want"))


def capability_details(doc):
    """{capability: {"verdict", "backport", "note", "unmet", "needs"}} from the
    config checker's JSON (schema 1), read loosely. unmet: the options that
    apply and are not met, as text; needs: [{"capability", "verdict"}] of the
    other capabilities it needs that are not enabled."""
    out = {}
    caps = doc.get("capabilities") if isinstance(doc, dict) else None
    for cap in caps if isinstance(caps, list) else []:
        if not (isinstance(cap, dict) and isinstance(cap.get("name"), str)):
            continue
        opts = cap.get("options") if isinstance(cap.get("options"), list) else []
        reqs = cap.get("requires") if isinstance(cap.get("requires"), list) else []
        out[cap["name"]] = {
            "verdict": str(cap.get("verdict")), "backport": cap.get("backport") is True,
            "note": cap.get("note") if isinstance(cap.get("note"), str) else "",
            "unmet": [option_text(o) for o in opts
                      if isinstance(o, dict) and o.get("applies") is True and o.get("ok") is False],
            "needs": [{"capability": str(r.get("capability")), "verdict": str(r.get("verdict"))}
                      for r in reqs if isinstance(r, dict) and r.get("verdict") != "enabled"]}
    return out


def capability_text(name, c):
    """One capability's line of the report: "filter   missing: CONFIG_SECCOMP_FILTER
    is not set (want y)", "trap     unknown (config damaged): needs filter, which
    is unknown"; a note the checker gave is kept in parentheses."""
    text = "%-8s %s%s" % (name, c["verdict"], " (%s)" % c["note"] if c.get("note") else "")
    why = list(c.get("unmet") or []) + ["needs %s, which is %s" % (n["capability"], n["verdict"])
                                        for n in c.get("needs") or []]
    if why and c["verdict"] != "enabled":
        text += ": " + "; ".join(why)
    return text


def guest_config(con):
    """The in-guest config check as {"rc", "checked", "capabilities"} or None
    without a kconfig section. checked: the config it read (/proc/config.gz)."""
    sec = con.section("kconfig")
    if sec is None:
        return None
    out = {"rc": sec.rc, "checked": None, "capabilities": {}}
    if sec.status != "ok" or sec.rc == "absent":
        return out
    try:
        doc = json.loads(sec.payload.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return out
    if isinstance(doc, dict):
        src = doc.get("source")
        out["checked"] = src.get("path") if isinstance(src, dict) else None
        out["capabilities"] = capability_details(doc)
    return out


def collect(con):
    """The extra fields a validation's JSON carries, from its parsed console."""
    out = {"sections": section_list(con), "config_check_guest": guest_config(con),
           "selftests_failed": None, "compat_selftests_failed": None}
    for name, key in (("selftests", "selftests_failed"),
                      ("selftests-compat", "compat_selftests_failed")):
        sec = con.section(name)
        if sec is not None and sec.status == "ok" and sec.rc != "absent":
            out[key] = failed_tests(sec.payload)
    return out
