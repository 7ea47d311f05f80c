# SPDX-License-Identifier: MIT
# tests/target/: validate-kernel --target (scripts/sprunner/target*.py), a live
# device over ssh or adb. check-ssh installs Debian's openssh-server itself
# (with no service started) and runs its own sshd on 127.0.0.1; check-adb
# uses a stand-in adb (tests/target/fake-adb). The device is this machine.
DEB_PACKAGES += cpio openssh-client python3
CHECK_SCRIPTS += tests/target/unit tests/target/check-adb tests/target/check-ssh
CHECK_DEPS += initramfs-x86_64 $(PROBE_CLI) $(SST_HOST)
