# SPDX-License-Identifier: MIT
"""cliargs: argparse for the scripts whose last line is a verdict (matrix,
validate-kernel).

A usage error (an unknown option, a bad or missing value) ends the way every
other bad input of these scripts does: one line "PROG: error: MESSAGE (see
--help)" on stderr, then the verdict line ERROR on stdout, exit 2. argparse's
own error() prints the whole usage block and no verdict. --help is unchanged
(usage on stdout, exit 0).
"""
import argparse
import sys

EXIT_ERROR = 2


class VerdictArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors end in the ERROR verdict line."""

    def error(self, message):
        sys.stderr.write("%s: error: %s (see --help)\n" % (self.prog, message))
        sys.stderr.flush()
        sys.stdout.write("ERROR\n")
        sys.stdout.flush()
        sys.exit(EXIT_ERROR)
