#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compare what a variant kernel reported with the expected-verdict table.

usage: verdicts.py TABLE VARIANT --config .config --probe PROBE.json
                   [--kconfig KCONFIG.json]

TABLE (expected-verdicts.tsv): "#" comments, a header row starting with
"field" naming the variants, then one row per field. Field kinds:
  config.CONFIG_X    the option's value in the .config (y, m, a value, or n
                     when unset or absent)
  probes.NAME        the verdict of probe NAME in the probe's JSON document
  process.KEY        the process field KEY in that document (a list is joined
                     with ","; null or missing is "absent")
  kconfig.PATH       a dotted path in the kconfig checker's JSON document;
                     rows of this kind need --kconfig
Every row is compared and printed ("ok" or "MISMATCH ... expected ... got ...");
no row is skipped. Exit: 0 all match, 1 a mismatch, 2 bad usage or input.
"""
import argparse
import json
import re
import sys


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


def actual(field, config, probe, kconfig):
    """The observed value of one table field, as the table writes it."""
    kind, _, rest = field.partition(".")
    if kind == "config":
        return config.get(rest, "n")
    if kind == "probes":
        return render(dig(probe, ["probes", rest, "verdict"]))
    if kind == "process":
        return render(dig(probe, ["process", rest]))
    if kind == "kconfig":
        if kconfig is None:
            raise BadInput("row %s needs --kconfig" % field)
        return render(dig(kconfig, rest.split(".")))
    raise BadInput("unknown field kind in row %s" % field)


def compare(rows, variant, config, probe, kconfig):
    """Yield (field, expected, got) for every row."""
    for field, values in rows:
        yield field, values[variant], actual(field, config, probe, kconfig)


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
    ap.add_argument("--probe", required=True)
    ap.add_argument("--kconfig")
    args = ap.parse_args()
    try:
        variants, rows = load_table(args.table)
        if args.variant not in variants:
            raise BadInput("variant %s not in %s (has %s)"
                           % (args.variant, args.table, " ".join(variants)))
        config = load_config(args.config)
        probe = load_json(args.probe)
        kconfig = load_json(args.kconfig) if args.kconfig else None
        bad = 0
        for field, want, got in compare(rows, args.variant, config, probe, kconfig):
            if want == got:
                print("ok       %-28s %s" % (field, got))
            else:
                bad += 1
                print("MISMATCH %-28s expected %s, got %s" % (field, want, got))
    except (OSError, BadInput) as e:
        print("verdicts.py: %s" % e, file=sys.stderr)
        return 2
    print("%s: %d fields, %d mismatches" % (args.variant, len(rows), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
