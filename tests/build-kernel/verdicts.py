#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compare what a variant kernel reported with the expected-verdict table.

usage: verdicts.py TABLE VARIANT --config .config
                   (--console LOG | --probe PROBE.json) [--kconfig LABEL=JSON ...]

--console reads a guest console log written by qemu-images' /init and takes
every section from it (parsed with scripts/sprunner/console.py, the runner's
parser; its kconfig section is labelled "guest"); --probe gives the probe's
JSON directly (host tests). --kconfig adds a document of the kconfig checker
(e.g. config=its verdict on the .config, image=on the kernel image).

TABLE (expected-verdicts.tsv): "#" comments, a header row starting with
"field" naming the variants, then one row per field. Field kinds:
  config.CONFIG_X    the option's value in the .config (y, m, a value, or n
                     when unset or absent)
  probes.NAME        the verdict of probe NAME in the probe's JSON document
  process.KEY        the process field KEY in that document (a list is joined
                     with ","; null or missing is "absent")
  kconfig.NAME       in every kconfig checker document given (each compared
                     and printed as kconfig.NAME@LABEL): the verdict of
                     capability NAME, or the top-level field NAME (result)
  section.NAME.rc    the rc word of console section NAME ("absent" when the
                     guest lacked its program); needs --console
  selftests.KEY      KTAP totals (pass, fail, skip, error) of the selftests
                     section, or skip_without_reason: SKIP lines with no reason
Every row is compared and printed ("ok" or "MISMATCH ... expected ... got ...").
The one exception is printed as NOT-RUN and counted in the last line: selftests
rows when the initramfs had no seccomp-selftests (section rc=absent).
Exit: 0 all match, 1 a mismatch, 2 bad usage or input.
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
from sprunner import console  # noqa: E402


class BadInput(Exception):
    pass


def load_table(path):
    """Return (variants, rows) where rows is a list of (field, {variant: value})."""
    variants, rows = None, []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            if words[0] == "field":
                variants = words[1:]
                continue
            if variants is None:
                raise BadInput("%s:%d: row before the header row" % (path, lineno))
            if len(words) != len(variants) + 1:
                raise BadInput("%s:%d: %d values for %d variants"
                               % (path, lineno, len(words) - 1, len(variants)))
            rows.append((words[0], dict(zip(variants, words[1:]))))
    if not variants or not rows:
        raise BadInput("%s: no header or no rows" % path)
    return variants, rows


def load_config(path):
    """Return {CONFIG_X: value} for the options set in a .config."""
    opts = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"(CONFIG_[A-Za-z0-9_]+)=(.*)$", line.rstrip("\n"))
            if m:
                opts[m.group(1)] = m.group(2)
    return opts


def render(value):
    if isinstance(value, NotJson):
        return "not-json"
    if value is None:
        return "absent"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(render(v) for v in value)
    return str(value)


def dig(doc, path):
    for key in path:
        if not isinstance(doc, dict) or key not in doc:
            return None
        doc = doc[key]
    return doc


NOT_RUN = object()


class NotJson(dict):
    """A console section whose payload was not JSON: every lookup says so."""

    def get(self, key, default=None):
        return "not-json"

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return self


NOT_JSON = NotJson()
SKIP_RE = re.compile(rb"^(?:not )?ok [0-9]+ .*# SKIP(.*)$", re.M)


class Observed:
    """What one kernel showed: config {CONFIG_X: value}, probe and kconfig JSON
    documents (or None), sections {name: rc}, selftests payload (bytes or None)."""

    def __init__(self, config, probe, kconfig=None, sections=None, selftests=None):
        self.config, self.probe = config, probe
        self.kconfig = dict(kconfig or {})  # {label: document}
        self.sections, self.selftests = sections, selftests


def selftest_value(obs, key):
    if obs.sections is None:
        raise BadInput("selftests rows need --console")
    if obs.sections.get("selftests") in (None, "absent"):
        return NOT_RUN
    if key == "skip_without_reason":
        return str(sum(1 for r in SKIP_RE.findall(obs.selftests) if not r.strip()))
    totals = console.ktap_totals(obs.selftests)
    return "absent" if totals is None else render(totals.get(key))


def kconfig_value(doc, name):
    if isinstance(doc, NotJson):
        return "not-json"
    for cap in doc.get("capabilities") or []:
        if isinstance(cap, dict) and cap.get("name") == name:
            return render(cap.get("verdict"))
    return render(doc.get(name))


def actual(field, obs):
    """The observed value of one table field, as the table writes it."""
    kind, _, rest = field.partition(".")
    if kind == "config":
        return obs.config.get(rest, "n")
    if kind == "probes":
        return render(dig(obs.probe, ["probes", rest, "verdict"]))
    if kind == "process":
        return render(dig(obs.probe, ["process", rest]))
    if kind == "section":
        if obs.sections is None:
            raise BadInput("row %s needs --console" % field)
        return render(obs.sections.get(rest.rpartition(".")[0]))
    if kind == "selftests":
        return selftest_value(obs, rest)
    raise BadInput("unknown field kind in row %s" % field)


def compare(rows, variant, obs):
    """Yield (field, expected, got) for every row (kconfig rows once per
    document, as field@label); got is NOT_RUN for a selftests row when the
    guest had no selftests."""
    for field, values in rows:
        if field.startswith("kconfig."):
            if not obs.kconfig:
                raise BadInput("row %s: no kconfig checker document given" % field)
            for label, doc in sorted(obs.kconfig.items()):
                yield "%s@%s" % (field, label), values[variant], kconfig_value(doc, field[8:])
        else:
            yield field, values[variant], actual(field, obs)


def from_console(path, config):
    """Observed from a guest console log; BadInput when the log is incomplete."""
    with open(path, "rb") as f:
        con = console.parse(f.read())
    if not con.complete():
        raise BadInput("%s: console incomplete: %s" % (path, "; ".join(con.problems())))
    sections = {s.name: s.rc for s in con.sections}
    docs = {}
    for name in ("probe", "kconfig"):
        sec = con.section(name)
        if sec is None or sec.rc == "absent":
            docs[name] = None
            continue
        try:
            docs[name] = json.loads(sec.payload.decode("utf-8"))
        except ValueError:
            # Every row that reads this document then shows "not-json".
            docs[name] = NOT_JSON
    st = con.section("selftests")
    kconfig = {"guest": docs["kconfig"]} if docs["kconfig"] is not None else {}
    return Observed(config, docs["probe"], kconfig, sections, st.payload if st else None)


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except ValueError as e:
        raise BadInput("%s: not JSON: %s" % (path, e))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("table")
    ap.add_argument("variant")
    ap.add_argument("--config", required=True)
    ap.add_argument("--console")
    ap.add_argument("--probe")
    ap.add_argument("--kconfig", action="append", default=[], metavar="LABEL=JSON")
    args = ap.parse_args()
    try:
        variants, rows = load_table(args.table)
        if args.variant not in variants:
            raise BadInput("variant %s not in %s (has %s)"
                           % (args.variant, args.table, " ".join(variants)))
        config = load_config(args.config)
        if args.console:
            obs = from_console(args.console, config)
        elif args.probe:
            obs = Observed(config, load_json(args.probe))
        else:
            raise BadInput("give --console LOG or --probe JSON")
        for item in args.kconfig:
            label, eq, path = item.partition("=")
            if not eq or not label:
                raise BadInput("--kconfig wants LABEL=JSON, got %s" % item)
            obs.kconfig[label] = load_json(path)
        bad = not_run = fields = 0
        for field, want, got in compare(rows, args.variant, obs):
            fields += 1
            if got is NOT_RUN:
                not_run += 1
                print("NOT-RUN  %-28s expected %s (no seccomp-selftests in the initramfs)"
                      % (field, want))
            elif want == got:
                print("ok       %-28s %s" % (field, got))
            else:
                bad += 1
                print("MISMATCH %-28s expected %s, got %s" % (field, want, got))
    except (OSError, BadInput) as e:
        print("verdicts.py: %s" % e, file=sys.stderr)
        return 2
    print("%s: %d fields, %d mismatches, %d not run" % (args.variant, fields, bad, not_run))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
