# SPDX-License-Identifier: MIT
"""sprunner: the host side of seccomp-probe's QEMU runs.

console  - parse the framed sections /init writes on the serial console
verdict  - turn a parsed console (and how QEMU ended) into exactly one verdict
archs    - one record per guest arch/machine, and the QEMU command line built from it
kimage   - recognise kernel image formats per arch before booting them
boot     - run QEMU once with a timeout, keep the console log
kcache   - the local cache of Debian kernels that scripts/kernels fills
report   - table, JSON and JUnit XML output of many runs
"""
