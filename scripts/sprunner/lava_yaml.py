# SPDX-License-Identifier: MIT
"""lava_yaml: the YAML text of LAVA jobs and device dictionaries, written by
PyYAML (Debian's python3-yaml, which lava-dispatcher itself depends on).

Block style, keys kept in the order the job writer built them, so a job reads
like the ones in LAVA's documentation.
"""
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - the message is the point
    sys.stderr.write("lava-jobs: ERROR: Python's yaml module is missing "
                     "(apt-get install python3-yaml)\n")
    sys.exit(2)


def dump(doc, comment=""):
    """The YAML text of doc (a dict of dicts, lists, str, int, bool, None),
    after comment lines ("# ...") if comment is given."""
    head = "".join("# %s\n" % line if line else "#\n" for line in comment.splitlines())
    body = yaml.safe_dump(doc, sort_keys=False, default_flow_style=False,
                          allow_unicode=False, width=1000)
    return head + body
