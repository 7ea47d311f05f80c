# SPDX-License-Identifier: MIT
# qemu-images/: one initramfs per guest arch, holding the static /init, the
# static seccomp-probe and (when built) seccomp-selftests.
#   make initramfs            $(BUILD)/initramfs-<arch>.cpio.gz for every arch
#   make initramfs-<arch>     one arch
#   make initramfs-silent     $(BUILD)/initramfs-silent-<arch>.cpio.gz: an
#                             /init that prints nothing (NO-RESULT test)
# Compilers: QEMU_IMG_CC_<arch> when set; else the static toolchain's
# $(BUILD)/toolchain/<arch>/cc (made by `make toolchain-<arch>`); else, for
# x86_64 only, Debian's musl-gcc. Static binaries: $(BUILD)/static/<arch>/
# (made by `make static`); while x86_64's seccomp-probe is missing there it is
# built here with musl-gcc from the probes/ sources.
QEMU_IMG_ARCHES := x86_64 i386 armhf arm64
# The 32-bit arch whose static binaries a 64-bit arch's archive also carries
# (/bin/compat/: the probe-compat and selftests-compat sections).
QEMU_IMG_COMPAT_x86_64 := i386
QEMU_IMG_COMPAT_arm64 := armhf
# The kernel's own seccomp_bpf (selftests/upstream.mk) is built when it can be
# and goes in when it exists.
QEMU_IMG_DIR = $(BUILD)/qemu-images
QEMU_IMG_COMMON_SRCS := qemu-images/frame.c qemu-images/sp_crc32.c qemu-images/sysinit.c \
                        qemu-images/boot_options.c
QEMU_IMG_INIT_SRCS := qemu-images/init.c qemu-images/section.c $(QEMU_IMG_COMMON_SRCS)
QEMU_IMG_SILENT_SRCS := qemu-images/silent_init.c $(QEMU_IMG_COMMON_SRCS)
QEMU_IMG_HDRS := $(wildcard qemu-images/*.h)
QEMU_IMG_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARNINGS) -Os -static -s
QEMU_IMG_FALLBACK_CC_x86_64 := $(shell command -v musl-gcc 2>/dev/null)
GEN_INIT_CPIO = $(QEMU_IMG_DIR)/gen_init_cpio
LINUX_SOURCE_TARBALL ?= /usr/src/linux-source-6.1.tar.xz
QEMU_IMG_ARCHIVES = $(QEMU_IMG_ARCHES:%=$(BUILD)/initramfs-%.cpio.gz)
QEMU_IMG_SILENT_ARCHIVES = $(QEMU_IMG_ARCHES:%=$(BUILD)/initramfs-silent-%.cpio.gz)

DEB_PACKAGES += cpio gzip xz-utils linux-source-6.1 musl-tools python3 \
                qemu-system-x86 qemu-system-arm strace
CHECK_SCRIPTS += tests/qemu-images/check-frames tests/qemu-images/check-archive \
                 tests/qemu-images/check-boot tests/qemu-images/check-rebuild \
                 tests/qemu-images/check-reproducible
CHECK_DEPS += $(QEMU_IMG_DIR)/x86_64/init initramfs-x86_64 initramfs-silent-x86_64 \
              $(QEMU_IMG_DIR)/initramfs-hang-x86_64.cpio.gz

.PHONY: initramfs initramfs-silent $(QEMU_IMG_ARCHES:%=initramfs-%) \
        $(QEMU_IMG_ARCHES:%=initramfs-silent-%) qemu-img-always
initramfs: $(QEMU_IMG_ARCHIVES)
initramfs-silent: $(QEMU_IMG_SILENT_ARCHIVES)
$(QEMU_IMG_ARCHES:%=initramfs-%): initramfs-%: $(BUILD)/initramfs-%.cpio.gz
$(QEMU_IMG_ARCHES:%=initramfs-silent-%): initramfs-silent-%: $(BUILD)/initramfs-silent-%.cpio.gz

# The kernel's gen_init_cpio: one file out of Debian's linux-source, once.
$(QEMU_IMG_DIR)/gen_init_cpio.c: | $(LINUX_SOURCE_TARBALL)
	@mkdir -p $(dir $@)
	tar -xJOf $(LINUX_SOURCE_TARBALL) linux-source-6.1/usr/gen_init_cpio.c >$@.tmp
	mv $@.tmp $@
$(GEN_INIT_CPIO): $(QEMU_IMG_DIR)/gen_init_cpio.c
	$(CC) -O2 -o $@ $<
$(LINUX_SOURCE_TARBALL):
	@echo "qemu-images: $@ is missing: apt-get install linux-source-6.1" >&2; exit 2

# Shell snippet: set $$cc to the static C compiler for arch $(1), or fail.
define qemu_img_cc_sh
cc='$(QEMU_IMG_CC_$(1))'; \
if [ -z "$$cc" ]; then \
	cc='$(BUILD)/toolchain/$(1)/cc'; \
	[ -x "$$cc" ] || $(MAKE) --no-print-directory toolchain-$(1) \
		>$(QEMU_IMG_DIR)/toolchain-$(1).log 2>&1 || true; \
	[ -x "$$cc" ] || cc='$(QEMU_IMG_FALLBACK_CC_$(1))'; \
fi; \
[ -n "$$cc" ] || { echo "qemu-images: no static C compiler for $(1): make toolchain-$(1)" \
	"failed (see $(QEMU_IMG_DIR)/toolchain-$(1).log); or set QEMU_IMG_CC_$(1)" >&2; exit 2; }
endef

$(QEMU_IMG_DIR)/%/init: $(QEMU_IMG_INIT_SRCS) $(QEMU_IMG_HDRS)
	@mkdir -p $(dir $@)
	@$(call qemu_img_cc_sh,$*); echo "  CC[$*] $$cc -o $@"; \
	$$cc $(QEMU_IMG_CFLAGS) -Iqemu-images -o $@ $(QEMU_IMG_INIT_SRCS)

# After init: the toolchain is then resolved (and built) once per arch.
$(QEMU_IMG_DIR)/%/silent-init: $(QEMU_IMG_SILENT_SRCS) $(QEMU_IMG_HDRS) | $(QEMU_IMG_DIR)/%/init
	@$(call qemu_img_cc_sh,$*); echo "  CC[$*] $$cc -o $@"; \
	$$cc $(QEMU_IMG_CFLAGS) -Iqemu-images -o $@ $(QEMU_IMG_SILENT_SRCS)

# Fallback x86_64 probe while $(BUILD)/static/x86_64/seccomp-probe is absent:
# musl-gcc with the host's x86_64 uapi headers.
QEMU_IMG_UAPI_x86_64 = $(QEMU_IMG_DIR)/uapi-x86_64
$(QEMU_IMG_DIR)/x86_64/seccomp-probe: $$(PROBE_LIB_SRCS) $$(PROBE_CLI_SRCS)
	@[ -n '$(QEMU_IMG_FALLBACK_CC_x86_64)' ] || { echo "qemu-images: musl-gcc missing" >&2; exit 2; }
	@mkdir -p $(QEMU_IMG_UAPI_x86_64)
	ln -sfn /usr/include/linux $(QEMU_IMG_UAPI_x86_64)/linux
	ln -sfn /usr/include/x86_64-linux-gnu/asm $(QEMU_IMG_UAPI_x86_64)/asm
	ln -sfn /usr/include/asm-generic $(QEMU_IMG_UAPI_x86_64)/asm-generic
	$(QEMU_IMG_FALLBACK_CC_x86_64) -std=c11 -D_GNU_SOURCE $(WARNINGS) -O2 -static -s \
		-isystem $(QEMU_IMG_UAPI_x86_64) -Iprobes -o $@ $(PROBE_LIB_SRCS) $(PROBE_CLI_SRCS)

# An archive is repacked only when one of its inputs changed. Which inputs it
# has is known only once the static binaries are brought up to date: each by a
# sub-make of its own file, which fails harmlessly while no area has a rule for
# it (selftests, the 32-bit binaries and upstream's seccomp_bpf are optional;
# x86_64 falls back to a musl-gcc probe). So the manifest
# $(QEMU_IMG_DIR)/<arch>/archive.inputs is remade on every request: it holds
# mkinitramfs's arguments, SOURCE_DATE_EPOCH and the SHA-256 of every input
# (gen_init_cpio and mkinitramfs included), and is rewritten only when that
# text changes. The archive depends on it, so make repacks it exactly then.
# Sub-makes of different arches share intermediate files (the generated
# kconfig rules, the extracted kselftest and upstream sources), so under -j the
# manifests are made one arch after the other (QEMU_IMG_AFTER_<arch>), after
# the probe's sources (generated ones included) and after `static` when it is
# asked for in the same make.
QEMU_IMG_AFTER_i386 = $(QEMU_IMG_DIR)/x86_64/archive.inputs
QEMU_IMG_AFTER_armhf = $(QEMU_IMG_DIR)/i386/archive.inputs
QEMU_IMG_AFTER_arm64 = $(QEMU_IMG_DIR)/armhf/archive.inputs
$(QEMU_IMG_DIR)/%/archive.inputs: $(QEMU_IMG_DIR)/%/init $(GEN_INIT_CPIO) qemu-images/mkinitramfs \
		qemu-img-always | $$(STATIC_SRCS_seccomp-probe) $$(QEMU_IMG_AFTER_$$*) \
		$(filter static,$(MAKECMDGOALS))
	@probe=$(BUILD)/static/$*/seccomp-probe; st=$(BUILD)/static/$*/seccomp-selftests; \
	log=$(QEMU_IMG_DIR)/static-$*.log; : >$$log; \
	$(MAKE) --no-print-directory $$probe >>$$log 2>&1 || \
		echo "  note: make $$probe failed (see $$log)"; \
	$(MAKE) --no-print-directory $$st >>$$log 2>&1 || true; \
	if [ ! -x "$$probe" ] && [ $* = x86_64 ]; then \
		echo "  note: $$probe missing; using the musl-gcc build of the probe"; \
		$(MAKE) --no-print-directory $(QEMU_IMG_DIR)/x86_64/seccomp-probe || exit 2; \
		probe=$(QEMU_IMG_DIR)/x86_64/seccomp-probe; \
	fi; \
	[ -x "$$probe" ] || { echo "qemu-images: $$probe missing: run make static" >&2; exit 2; }; \
	[ -x "$$st" ] || st=; \
	cprobe= cst=; carch='$(QEMU_IMG_COMPAT_$*)'; \
	if [ -n "$$carch" ]; then \
		cprobe=$(BUILD)/static/$$carch/seccomp-probe; cst=$(BUILD)/static/$$carch/seccomp-selftests; \
		$(MAKE) --no-print-directory $$cprobe $$cst >>$$log 2>&1 || \
			echo "  note: no $$carch compat binaries for $* (see $$log)"; \
		[ -x "$$cprobe" ] || cprobe=; [ -x "$$cst" ] || cst=; \
	fi; \
	up=$(BUILD)/upstream/$*/seccomp_bpf; \
	$(MAKE) --no-print-directory $$up >>$$log 2>&1 || \
		echo "  note: no upstream seccomp_bpf for $* (see $$log)"; \
	[ -x "$$up" ] || up=; \
	{ echo "--init $<"; echo "--probe $$probe"; \
	  [ -z "$$st" ] || echo "--selftests $$st"; \
	  [ -z "$$cprobe" ] || echo "--compat-probe $$cprobe"; \
	  [ -z "$$cst" ] || echo "--compat-selftests $$cst"; \
	  [ -z "$$up" ] || echo "--upstream $$up"; \
	  echo "# SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-0}"; \
	  sha256sum $< "$$probe" $$st $$cprobe $$cst $$up $(GEN_INIT_CPIO) qemu-images/mkinitramfs | \
		sed 's/^/# /'; } >$@.tmp || exit 2; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/initramfs-%.cpio.gz: $(QEMU_IMG_DIR)/%/archive.inputs
	qemu-images/mkinitramfs --gen-init-cpio $(GEN_INIT_CPIO) $$(grep -v '^#' $<) --out $@

$(BUILD)/initramfs-silent-%.cpio.gz: $(QEMU_IMG_DIR)/%/silent-init $(GEN_INIT_CPIO) \
		qemu-images/mkinitramfs
	qemu-images/mkinitramfs --gen-init-cpio $(GEN_INIT_CPIO) --init $< --probe - --out $@

qemu-img-always:

# Boot-check archive: the real /init with a probe that never ends, to see
# the section deadline and the watchdog work in a guest.
$(QEMU_IMG_DIR)/x86_64/hang: tests/qemu-images/hang.c | $(QEMU_IMG_DIR)/x86_64/init
	@$(call qemu_img_cc_sh,x86_64); echo "  CC[x86_64] $$cc -o $@"; \
	$$cc $(QEMU_IMG_CFLAGS) -o $@ $<
$(QEMU_IMG_DIR)/initramfs-hang-x86_64.cpio.gz: $(QEMU_IMG_DIR)/x86_64/init \
		$(QEMU_IMG_DIR)/x86_64/hang $(GEN_INIT_CPIO) qemu-images/mkinitramfs
	qemu-images/mkinitramfs --gen-init-cpio $(GEN_INIT_CPIO) --init $< \
		--probe $(QEMU_IMG_DIR)/x86_64/hang --out $@

# Keep the binaries (the checks run the x86_64 init on the host) and the
# manifests (a deleted one would repack its archive every time).
.SECONDARY: $(QEMU_IMG_ARCHES:%=$(QEMU_IMG_DIR)/%/init) \
            $(QEMU_IMG_ARCHES:%=$(QEMU_IMG_DIR)/%/silent-init) \
            $(QEMU_IMG_ARCHES:%=$(QEMU_IMG_DIR)/%/archive.inputs)

