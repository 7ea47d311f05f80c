# SPDX-License-Identifier: MIT
# scripts/install.mk: the shared library, pkg-config file, man pages,
# `make install` and `make uninstall` (GNU conventions).
#   make shlib       $(BUILD)/libseccomp-probe.so.$(SP_SO_VERSION) (soname
#                    libseccomp-probe.so.0, only the sp_* functions of
#                    probes/seccomp_probe.h exported, version node SECCOMP_PROBE_0)
#   make install     PREFIX=/usr/local DESTDIR= (BINDIR, LIBDIR, INCLUDEDIR,
#                    DATADIR, MANDIR, PKGCONFIGDIR may each be set)
#   make uninstall   the same variables: removes exactly what install wrote
# Installed layout:
#   $(BINDIR)/seccomp-probe, seccomp-selftests (host builds), validate-kernel
#   (a relative symlink to $(SP_DATADIR)/validate-kernel)
#   $(LIBDIR)/libseccomp-probe.so.0.1.0, .so.0, .so, .a; $(PKGCONFIGDIR)/seccomp-probe.pc
#   $(INCLUDEDIR)/seccomp_probe.h; $(MANDIR)/man1, man3
#   $(SP_DATADIR)/validate-kernel, sprunner/, initramfs-<arch>.cpio.gz,
#   static/<arch>/{seccomp-probe,seccomp-selftests}, install-paths (tells the
#   installed validate-kernel where BINDIR is; see scripts/sprunner/paths.py)
# INSTALL_ARCHES: the guest arches whose archives are installed (all by default;
# each archive must build). The static binaries of an arch are installed when built.
PREFIX       ?= /usr/local
EXEC_PREFIX  ?= $(PREFIX)
BINDIR       ?= $(EXEC_PREFIX)/bin
LIBDIR       ?= $(EXEC_PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATAROOTDIR  ?= $(PREFIX)/share
DATADIR      ?= $(DATAROOTDIR)
MANDIR       ?= $(DATAROOTDIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
SP_DATADIR    = $(DATADIR)/seccomp-probe
DESTDIR      ?=
INSTALL      ?= install
INSTALL_ARCHES ?= $(QEMU_IMG_ARCHES)

SP_SO_VERSION := 0.1.0
SP_SONAME     := libseccomp-probe.so.0
SP_SHLIB      := $(BUILD)/libseccomp-probe.so.$(SP_SO_VERSION)
SP_SO_MAP     := probes/libseccomp-probe.map
SP_PIC_OBJS    = $(PROBE_LIB_SRCS:%.c=$(BUILD)/pic/%.o)
SP_PC         := $(BUILD)/seccomp-probe.pc
SP_INSTALL_ARCHIVES = $(INSTALL_ARCHES:%=$(BUILD)/initramfs-%.cpio.gz)
SP_MAN1       := man/seccomp-probe.1 man/validate-kernel.1 man/seccomp-selftests.1
SP_MAN3       := man/libseccomp-probe.3
SP_SPRUNNER   := $(wildcard scripts/sprunner/*.py)

DEB_PACKAGES += pkgconf man-db groff-base coreutils
CHECK_SCRIPTS += tests/install/check-man tests/install/check-install tests/install/check-abi \
                 tests/install/check-deb
CHECK_DEPS += $(SP_SHLIB) $(SP_PC)

.PHONY: shlib install uninstall install-files
all: $(SP_SHLIB) $(SP_PC)
shlib: $(SP_SHLIB)

# Position-independent objects of the library sources, in a build dir of their own.
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -Iprobes -MMD -MP -c -o $@ $<

$(SP_SHLIB): $$(SP_PIC_OBJS) $(SP_SO_MAP)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SP_SONAME) \
		-Wl,--version-script=$(SP_SO_MAP) -Wl,-z,defs -o $@ $(SP_PIC_OBJS)
	ln -sfn $(notdir $@) $(BUILD)/$(SP_SONAME)
	ln -sfn $(notdir $@) $(BUILD)/libseccomp-probe.so

# The version comes from the header, so the two never disagree.
$(SP_PC): probes/seccomp-probe.pc.in probes/seccomp_probe.h scripts/install.mk
	@mkdir -p $(dir $@)
	v=$$(sed -n 's/^#define SP_VERSION_STRING "\(.*\)"/\1/p' probes/seccomp_probe.h); \
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e "s|@VERSION@|$$v|" $< >$@.tmp
	mv $@.tmp $@
# The .pc names PREFIX/LIBDIR/INCLUDEDIR: rewrite it when they change.
$(SP_PC): $(BUILD)/pc-dirs
$(BUILD)/pc-dirs: FORCE_PC_DIRS
	@mkdir -p $(dir $@)
	@echo '$(PREFIX) $(LIBDIR) $(INCLUDEDIR)' >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
.PHONY: FORCE_PC_DIRS

install: $(PROBE_CLI) $(PROBE_LIB) $(SP_SHLIB) $(SP_PC) $$(SST_HOST) \
		$$(SP_INSTALL_ARCHIVES)
	@$(MAKE) --no-print-directory install-files

# Only copies: everything it needs was built by `install`'s prerequisites.
install-files:
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
		$(DESTDIR)$(SP_DATADIR)/sprunner
	$(INSTALL) -m 755 $(PROBE_CLI) $(SST_HOST) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 644 $(PROBE_LIB) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 644 $(SP_SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sfn $(notdir $(SP_SHLIB)) $(DESTDIR)$(LIBDIR)/$(SP_SONAME)
	ln -sfn $(SP_SONAME) $(DESTDIR)$(LIBDIR)/libseccomp-probe.so
	$(INSTALL) -m 644 probes/seccomp_probe.h $(DESTDIR)$(INCLUDEDIR)/
	$(INSTALL) -m 644 $(SP_PC) $(DESTDIR)$(PKGCONFIGDIR)/
	$(INSTALL) -m 644 $(SP_MAN1) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 644 $(SP_MAN3) $(DESTDIR)$(MANDIR)/man3/
	$(INSTALL) -m 755 scripts/validate-kernel $(DESTDIR)$(SP_DATADIR)/
	$(INSTALL) -m 644 $(SP_SPRUNNER) $(DESTDIR)$(SP_DATADIR)/sprunner/
	$(INSTALL) -m 644 $(SP_INSTALL_ARCHIVES) $(DESTDIR)$(SP_DATADIR)/
	@for a in $(INSTALL_ARCHES); do for p in seccomp-probe seccomp-selftests; do \
		f=$(BUILD)/static/$$a/$$p; [ -f $$f ] || continue; \
		echo "$(INSTALL) -D -m 755 $$f $(DESTDIR)$(SP_DATADIR)/static/$$a/$$p"; \
		$(INSTALL) -D -m 755 $$f $(DESTDIR)$(SP_DATADIR)/static/$$a/$$p || exit 1; \
	done; done
	rel=$$(realpath -m --relative-to=$(SP_DATADIR) $(BINDIR)) && \
	{ echo "# written by make install: BINDIR relative to this directory"; \
	  echo "bindir=$$rel"; } >$(DESTDIR)$(SP_DATADIR)/install-paths
	chmod 644 $(DESTDIR)$(SP_DATADIR)/install-paths
	ln -sfn $$(realpath -m --relative-to=$(BINDIR) $(SP_DATADIR))/validate-kernel \
		$(DESTDIR)$(BINDIR)/validate-kernel

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/seccomp-probe $(DESTDIR)$(BINDIR)/seccomp-selftests \
		$(DESTDIR)$(BINDIR)/validate-kernel
	rm -f $(DESTDIR)$(LIBDIR)/libseccomp-probe.a $(DESTDIR)$(LIBDIR)/$(notdir $(SP_SHLIB)) \
		$(DESTDIR)$(LIBDIR)/$(SP_SONAME) $(DESTDIR)$(LIBDIR)/libseccomp-probe.so
	rm -f $(DESTDIR)$(INCLUDEDIR)/seccomp_probe.h $(DESTDIR)$(PKGCONFIGDIR)/seccomp-probe.pc
	rm -f $(SP_MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) $(SP_MAN3:man/%=$(DESTDIR)$(MANDIR)/man3/%)
	rm -rf $(DESTDIR)$(SP_DATADIR)
	rmdir $(DESTDIR)$(PKGCONFIGDIR) 2>/dev/null || true

-include $(wildcard $(BUILD)/pic/probes/*.d)
