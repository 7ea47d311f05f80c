// SPDX-License-Identifier: MIT
/*
 * bpf.c - the small classic-BPF programs the probes install, and the two ways
 * to install them (prctl since 3.5, seccomp(2) since 3.17).
 */
#include "internal.h"

#include <errno.h>
#include <sys/syscall.h>

static struct sp_sock_filter stmt(uint16_t code, uint32_t k)
{
	struct sp_sock_filter f = { code, 0, 0, k };
	return f;
}

static struct sp_sock_filter jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	struct sp_sock_filter f = { code, jt, jf, k };
	return f;
}

/*
 * Program: calls made with a foreign AUDIT_ARCH are allowed; syscall @nr gets
 * @action; everything else is allowed. @nr < 0 gives an allow-all program.
 * Writes at most SP_BPF_MAX instructions; returns how many.
 */
int sp_bpf_one_syscall(struct sp_sock_filter *prog, uint32_t audit_arch, long nr,
		       uint32_t action)
{
	int n = 0;
	if (nr >= 0) {
		prog[n++] = stmt(SP_BPF_LD_W_ABS, SP_SECCOMP_DATA_ARCH);
		prog[n++] = jump(SP_BPF_JEQ_K, audit_arch, 0, 3);
		prog[n++] = stmt(SP_BPF_LD_W_ABS, SP_SECCOMP_DATA_NR);
		prog[n++] = jump(SP_BPF_JEQ_K, (uint32_t)nr, 0, 1);
		prog[n++] = stmt(SP_BPF_RET_K, action);
	}
	prog[n++] = stmt(SP_BPF_RET_K, SP_RET_ALLOW);
	return n;
}

/* seccomp_data.args[0], its low 32 bits (the word the witness compares). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define ARG0_LOW 20
#else
#define ARG0_LOW 16
#endif

/*
 * Program: foreign AUDIT_ARCH -> allow; getppid(SP_WITNESS_ARG) ->
 * RET_ERRNO|SP_WITNESS_ERRNO; any other getppid -> @action; the rest -> allow.
 * @action RET_ALLOW gives an allow-all filter that still has the witness.
 * Writes 9 instructions (at most SP_BPF_WITNESS_MAX); returns how many.
 */
int sp_bpf_witnessed(struct sp_sock_filter *prog, uint32_t audit_arch, long getppid_nr,
		     uint32_t action)
{
	int n = 0;
	prog[n++] = stmt(SP_BPF_LD_W_ABS, SP_SECCOMP_DATA_ARCH);
	prog[n++] = jump(SP_BPF_JEQ_K, audit_arch, 0, 6);          /* -> allow */
	prog[n++] = stmt(SP_BPF_LD_W_ABS, SP_SECCOMP_DATA_NR);
	prog[n++] = jump(SP_BPF_JEQ_K, (uint32_t)getppid_nr, 0, 4); /* -> allow */
	prog[n++] = stmt(SP_BPF_LD_W_ABS, ARG0_LOW);
	prog[n++] = jump(SP_BPF_JEQ_K, SP_WITNESS_ARG, 0, 1);      /* -> action */
	prog[n++] = stmt(SP_BPF_RET_K, SP_RET_ERRNO | SP_WITNESS_ERRNO);
	prog[n++] = stmt(SP_BPF_RET_K, action);
	prog[n++] = stmt(SP_BPF_RET_K, SP_RET_ALLOW);
	return n;
}

int sp_witness_errno(long getppid_nr)
{
	long rc = sp_sys(getppid_nr, (long)SP_WITNESS_ARG, 0, 0, 0, 0);
	return rc < 0 && rc > -4096 ? (int)-rc : 0;
}

long sp_install_prctl(const struct sp_sock_filter *prog, int len)
{
	struct sp_sock_fprog fp = { (unsigned short)len, (struct sp_sock_filter *)prog };
	return sp_sys(SYS_prctl, SP_PR_SET_SECCOMP, SP_SECCOMP_MODE_FILTER, SP_A(&fp), 0L, 0L);
}

long sp_install_syscall(const struct sp_ctx *ctx, unsigned long flags,
			const struct sp_sock_filter *prog, int len)
{
	struct sp_sock_fprog fp = { (unsigned short)len, (struct sp_sock_filter *)prog };
	if (ctx->arch->seccomp_nr < 0)
		return -ENOSYS;
	return sp_sys(ctx->arch->seccomp_nr, SP_SECCOMP_SET_MODE_FILTER, (long)flags,
		      prog ? SP_A(&fp) : 0L, 0L, 0L);
}

long sp_set_no_new_privs(void)
{
	return sp_sys(SYS_prctl, SP_PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L);
}
