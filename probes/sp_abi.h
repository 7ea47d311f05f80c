/* SPDX-License-Identifier: MIT */
/*
 * sp_abi.h - the kernel ABI the probes speak, written out locally so the
 * probe builds against old or missing kernel headers (musl cross builds,
 * 2.6-era sysroots). Values are the kernel's uapi values; each group names the
 * release that introduced it.
 */
#ifndef SP_ABI_H
#define SP_ABI_H

#include <stdint.h>
#include <sys/ioctl.h>

/* prctl options (include/uapi/linux/prctl.h) */
#define SP_PR_GET_SECCOMP        21   /* 2.6.23 */
#define SP_PR_SET_SECCOMP        22   /* 2.6.23 */
#define SP_PR_SET_NO_NEW_PRIVS   38   /* 3.5 */
#define SP_PR_GET_NO_NEW_PRIVS   39   /* 3.5 */

/* seccomp modes and seccomp(2) operations (include/uapi/linux/seccomp.h) */
#define SP_SECCOMP_MODE_STRICT          1   /* 2.6.12 */
#define SP_SECCOMP_MODE_FILTER          2   /* 3.5 */
#define SP_SECCOMP_SET_MODE_STRICT      0   /* 3.17 */
#define SP_SECCOMP_SET_MODE_FILTER      1   /* 3.17 */
#define SP_SECCOMP_GET_ACTION_AVAIL     2   /* 4.14 */
#define SP_SECCOMP_GET_NOTIF_SIZES      3   /* 5.0 */

/* filter flags */
#define SP_FLAG_TSYNC               (1UL << 0)  /* 3.17 */
#define SP_FLAG_LOG                 (1UL << 1)  /* 4.14 */
#define SP_FLAG_SPEC_ALLOW          (1UL << 2)  /* 4.17 */
#define SP_FLAG_NEW_LISTENER        (1UL << 3)  /* 5.0 */
#define SP_FLAG_TSYNC_ESRCH         (1UL << 4)  /* 5.7 */
#define SP_FLAG_WAIT_KILLABLE_RECV  (1UL << 5)  /* 5.19 */

/* filter return actions */
#define SP_RET_KILL_PROCESS  0x80000000U  /* 4.14 */
#define SP_RET_KILL_THREAD   0x00000000U  /* 3.5 (SECCOMP_RET_KILL) */
#define SP_RET_TRAP          0x00030000U  /* 3.5 */
#define SP_RET_ERRNO         0x00050000U  /* 3.5 */
#define SP_RET_USER_NOTIF    0x7fc00000U  /* 5.0 */
#define SP_RET_TRACE         0x7ff00000U  /* 3.5 */
#define SP_RET_LOG           0x7ffc0000U  /* 4.14 */
#define SP_RET_ALLOW         0x7fff0000U  /* 3.5 */
#define SP_RET_DATA          0x0000ffffU

/* si_code of a SIGSYS raised by SECCOMP_RET_TRAP (3.5) */
#define SP_SYS_SECCOMP 1

/* struct seccomp_data offsets: nr at 0, arch at 4 (3.5) */
#define SP_SECCOMP_DATA_NR    0
#define SP_SECCOMP_DATA_ARCH  4

/* classic BPF (include/uapi/linux/filter.h, bpf_common.h) */
struct sp_sock_filter {
	uint16_t code;
	uint8_t jt;
	uint8_t jf;
	uint32_t k;
};

struct sp_sock_fprog {
	unsigned short len;
	struct sp_sock_filter *filter;
};

#define SP_BPF_LD_W_ABS   0x20  /* BPF_LD | BPF_W | BPF_ABS */
#define SP_BPF_JEQ_K      0x15  /* BPF_JMP | BPF_JEQ | BPF_K */
#define SP_BPF_RET_K      0x06  /* BPF_RET | BPF_K */

/*
 * The SIGSYS part of siginfo (3.5): after si_signo, si_errno, si_code comes a
 * union aligned like a pointer; for SIGSYS it holds call_addr, syscall, arch.
 */
struct sp_siginfo_sys {
	int32_t signo;
	int32_t err;
	int32_t code;
	union {
		struct {
			void *call_addr;
			int32_t nr;
			uint32_t arch;
		} sys;
		long align;
	} u;
};

/* user notification (5.0) */
struct sp_seccomp_data {
	int32_t nr;
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t args[6];
};

struct sp_notif {
	uint64_t id;
	uint32_t pid;
	uint32_t flags;
	struct sp_seccomp_data data;
};

struct sp_notif_resp {
	uint64_t id;
	int64_t val;
	int32_t error;
	uint32_t flags;
};

#define SP_IOCTL_NOTIF_RECV  _IOWR('!', 0, struct sp_notif)
#define SP_IOCTL_NOTIF_SEND  _IOWR('!', 1, struct sp_notif_resp)

#endif
