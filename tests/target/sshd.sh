# SPDX-License-Identifier: MIT
# sshd.sh: sourced by check-ssh. A throwaway OpenSSH server on 127.0.0.1 for
# validate-kernel --target ssh:// (the "device" is this machine).
#   sshd_install      Debian's openssh-server when sshd is missing (exit 77 when
#                     that is impossible); no service is started by the install
#   sshd_start DIR    host key, client key, config, wrapper and known_hosts in
#                     DIR; sshd on a free port (SSHD_PORT), ssh/scp on PATH
#                     that use DIR's client config (DIR/bin)
#   sshd_run          start it again (after sshd_stop, e.g. with another config)
#   sshd_stop         stop that sshd and reap it (also from the EXIT trap)
# Logins: root, with one key whose authorized_keys line is
# restrict,command="DIR/wrapper": every session runs through the wrapper,
# which logs the command to DIR/commands and runs it, unless DIR/drop names
# a word in it (see the wrapper below).
SSHD=/usr/sbin/sshd

sshd_install() {
	[ -x $SSHD ] && [ -x /usr/bin/ssh-keygen ] && [ -x /usr/bin/scp ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "skip: openssh-server is not installed and this is not root"
		exit 77
	fi
	# Debian's maintainer scripts would start the system's ssh service: refuse it.
	made_policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
		made_policy=1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y --no-install-recommends openssh-server openssh-client >/dev/null 2>&1 ||
		{ apt-get update >/dev/null 2>&1; apt-get install -y --no-install-recommends \
			openssh-server openssh-client >/dev/null 2>&1; }
	[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
	[ -x $SSHD ] || { echo "skip: apt-get could not install openssh-server"; exit 77; }
}

# A TCP port nobody listens on now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

sshd_start() {
	D=$1
	mkdir -p "$D/bin" "$D/device-tmp"
	ssh-keygen -q -t ed25519 -N '' -C sp-target-host -f "$D/host_key" || return 1
	ssh-keygen -q -t ed25519 -N '' -C sp-target-client -f "$D/client_key" || return 1
	cat >"$D/wrapper" <<-EOF
	#!/bin/sh
	# Every session of the test key: log, then run the command, except when
	# $D/drop holds a word the command contains: then the command goes on
	# on the "device" with its output lost, and this connection is cut
	# (SIGKILL to its sshd process); with "drop-all" in $D/drop-mode the
	# listening sshd is stopped first.
	printf '%s\n' "\$SSH_ORIGINAL_COMMAND" >>"$D/commands"
	if [ -s "$D/drop" ] && case "\$SSH_ORIGINAL_COMMAND" in *"\$(cat "$D/drop")"*) true ;; *) false ;; esac; then
		sh -c "\$SSH_ORIGINAL_COMMAND" >/dev/null 2>&1 &
		[ "\$(cat "$D/drop-mode" 2>/dev/null)" = drop-all ] && kill -TERM "\$(cat "$D/sshd.pid")"
		sleep 0.2
		pid=\$\$
		while [ "\$pid" -gt 1 ]; do
			pid=\$(awk '{print \$4}' /proc/\$pid/stat)
			[ "\$(cat /proc/\$pid/comm)" = sshd ] && { kill -KILL \$pid; break; }
		done
		exit 1
	fi
	exec sh -c "\$SSH_ORIGINAL_COMMAND"
	EOF
	chmod 755 "$D/wrapper"
	printf 'restrict,command="%s" %s\n' "$D/wrapper" "$(cat "$D/client_key.pub")" >"$D/authorized_keys"
	SSHD_PORT=$(free_port)
	cat >"$D/sshd_config" <<-EOF
	ListenAddress 127.0.0.1
	Port $SSHD_PORT
	HostKey $D/host_key
	PidFile $D/sshd.pid
	AuthorizedKeysFile $D/authorized_keys
	StrictModes no
	UsePAM no
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	PermitRootLogin forced-commands-only
	AllowUsers root
	Subsystem sftp /usr/lib/openssh/sftp-server
	SetEnv TMPDIR=$D/device-tmp
	LogLevel ERROR
	EOF
	printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$D/host_key.pub")" >"$D/known_hosts"
	cat >"$D/ssh_config" <<-EOF
	Host *
	  IdentityFile $D/client_key
	  IdentitiesOnly yes
	  UserKnownHostsFile $D/known_hosts
	  StrictHostKeyChecking yes
	  LogLevel ERROR
	EOF
	for p in ssh scp; do
		printf '#!/bin/sh\nexec /usr/bin/%s -F %s "$@"\n' "$p" "$D/ssh_config" >"$D/bin/$p"
		chmod 755 "$D/bin/$p"
	done
	SSHD_DIR=$D
	sshd_run
}

# (Re)start sshd from $SSHD_DIR/sshd_config; 0 once it answers a login.
sshd_run() {
	mkdir -p /run/sshd  # sshd's privilege separation directory on Debian
	# In the foreground of a background job: this shell is its parent and reaps it.
	$SSHD -D -f "$SSHD_DIR/sshd_config" -E "$SSHD_DIR/sshd.log" &
	SSHD_PID=$!
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		"$SSHD_DIR/bin/ssh" -o BatchMode=yes -p "$SSHD_PORT" root@127.0.0.1 true 2>/dev/null &&
			return 0
		sleep 0.3
	done
	echo "sshd did not come up; its log:"; cat "$SSHD_DIR/sshd.log"
	return 1
}

sshd_stop() {
	if [ -n "${SSHD_PID:-}" ]; then
		kill "$SSHD_PID" 2>/dev/null
		wait "$SSHD_PID" 2>/dev/null
	fi
	SSHD_PID=
}
