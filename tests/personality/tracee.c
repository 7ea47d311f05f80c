// SPDX-License-Identifier: MIT
/*
 * tracee.c - registers and memory of a tracee stopped at a system call.
 * Reading uses PTRACE_GET_SYSCALL_INFO (5.3) in tracer.c; writing uses the
 * arch's register set, one backend per tracer arch below. Memory goes through
 * /proc/<tid>/mem, which (like PTRACE_POKEDATA) may write read-only pages.
 */
#include "pt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <unistd.h>

#if defined(__x86_64__)
/*
 * x86_64 tracer: user_regs_struct for both x86_64 and i386 (compat) tracees.
 * Arguments: x86_64 rdi rsi rdx r10 r8 r9; i386 ebx ecx edx esi edi ebp.
 * orig_rax holds the call number at entry; -1 makes the kernel skip it.
 */
static int get_regs(pid_t tid, struct user_regs_struct *r)
{
	return ptrace(PTRACE_GETREGS, tid, NULL, r) == 0 ? 0 : -errno;
}

static int set_regs(pid_t tid, const struct user_regs_struct *r)
{
	return ptrace(PTRACE_SETREGS, tid, NULL, r) == 0 ? 0 : -errno;
}

int pt_tracee_set_syscall(pid_t tid, const struct pt_abi *abi, long nr)
{
	struct user_regs_struct r;
	int err = get_regs(tid, &r);
	(void)abi;
	if (err)
		return err;
	r.orig_rax = (unsigned long long)nr;
	return set_regs(tid, &r);
}

int pt_tracee_set_arg(pid_t tid, const struct pt_abi *abi, int i, unsigned long v)
{
	struct user_regs_struct r;
	int err = get_regs(tid, &r);
	if (err)
		return err;
	unsigned long long *x64[6] = { &r.rdi, &r.rsi, &r.rdx, &r.r10, &r.r8, &r.r9 };
	unsigned long long *x32[6] = { &r.rbx, &r.rcx, &r.rdx, &r.rsi, &r.rdi, &r.rbp };
	if (i < 0 || i > 5)
		return -EINVAL;
	*(abi->ptr_size == 8 ? x64 : x32)[i] = v;
	return set_regs(tid, &r);
}

/* Return value in rax; an i386 image runs with code segment 0x23. */
typedef struct user_regs_struct pt_regs_t;
#define RET_REG(r) ((r).rax)
#define SP_REG(r) ((r).rsp)
#define IMAGE_WORD_SIZE(r) ((r).cs == 0x23 ? 4 : 8)
#elif defined(__arm__)
/*
 * arm (EABI) tracer: struct user_regs, r0-r6 arguments, r7 the number,
 * uregs[17] ORIG_r0; the number is changed with PTRACE_SET_SYSCALL (-1
 * skips the call), the return value is r0 at the exit stop.
 */
#define ARM_SET_SYSCALL 23
#define ARM_ORIG_R0 17
#define ARM_SP 13

static int get_regs(pid_t tid, struct user_regs *r)
{
	return ptrace(PTRACE_GETREGS, tid, NULL, r) == 0 ? 0 : -errno;
}

static int set_regs(pid_t tid, const struct user_regs *r)
{
	return ptrace(PTRACE_SETREGS, tid, NULL, r) == 0 ? 0 : -errno;
}

int pt_tracee_set_syscall(pid_t tid, const struct pt_abi *abi, long nr)
{
	(void)abi;
	return ptrace(ARM_SET_SYSCALL, tid, NULL, (void *)nr) == 0 ? 0 : -errno;
}

int pt_tracee_set_arg(pid_t tid, const struct pt_abi *abi, int i, unsigned long v)
{
	struct user_regs r;
	int err = get_regs(tid, &r);
	(void)abi;
	if (err)
		return err;
	if (i < 0 || i > 5)
		return -EINVAL;
	r.uregs[i] = v;
	if (i == 0)
		r.uregs[ARM_ORIG_R0] = v;
	return set_regs(tid, &r);
}

typedef struct user_regs pt_regs_t;
#define RET_REG(r) ((r).uregs[0])
#define SP_REG(r) ((r).uregs[ARM_SP])
#define IMAGE_WORD_SIZE(r) 4
#elif defined(__aarch64__)
/*
 * arm64 tracer, arm64 tracees only: the general registers through
 * PTRACE_GETREGSET/SETREGSET NT_PRSTATUS (x0-x5 arguments, x8 the number,
 * x0 the return value at the exit stop); the number is changed through the
 * NT_ARM_SYSTEM_CALL regset (-1 skips the call). An AArch32 tracee answers
 * NT_PRSTATUS with the shorter compat layout: refused (-EOPNOTSUPP).
 */
#include <elf.h>
#include <sys/uio.h>

#ifndef NT_ARM_SYSTEM_CALL
#define NT_ARM_SYSTEM_CALL 0x404
#endif

struct a64_regs {
	uint64_t x[31];
	uint64_t sp, pc, pstate;
};

static int get_regs(pid_t tid, struct a64_regs *r)
{
	struct iovec iov = { r, sizeof(*r) };
	if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov) != 0)
		return -errno;
	return iov.iov_len == sizeof(*r) ? 0 : -EOPNOTSUPP;
}

static int set_regs(pid_t tid, struct a64_regs *r)
{
	struct iovec iov = { r, sizeof(*r) };
	return ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &iov) == 0 ? 0 : -errno;
}

int pt_tracee_set_syscall(pid_t tid, const struct pt_abi *abi, long nr)
{
	int v = (int)nr;
	struct iovec iov = { &v, sizeof(v) };
	(void)abi;
	return ptrace(PTRACE_SETREGSET, tid, (void *)NT_ARM_SYSTEM_CALL, &iov) == 0 ? 0 : -errno;
}

int pt_tracee_set_arg(pid_t tid, const struct pt_abi *abi, int i, unsigned long v)
{
	struct a64_regs r;
	int err = get_regs(tid, &r);
	(void)abi;
	if (err)
		return err;
	if (i < 0 || i > 5)
		return -EINVAL;
	r.x[i] = v;
	return set_regs(tid, &r);
}

typedef struct a64_regs pt_regs_t;
#define RET_REG(r) ((r).x[0])
#define SP_REG(r) ((r).sp)
#define IMAGE_WORD_SIZE(r) 8
#else
#error "personality harness: add a register backend for this tracer arch to tracee.c"
#endif

/* What every backend shares: get_regs/set_regs and the RET_REG, SP_REG and
 * IMAGE_WORD_SIZE of its pt_regs_t. */
int pt_tracee_set_return(pid_t tid, long v)
{
	pt_regs_t r;
	int err = get_regs(tid, &r);
	if (err)
		return err;
	RET_REG(r) = (unsigned long)v;
	return set_regs(tid, &r);
}

long pt_tracee_get_return(pid_t tid)
{
	pt_regs_t r;
	if (get_regs(tid, &r) != 0)
		return -ENOSYS;
	return (long)RET_REG(r);
}

/* Word size of a just-exec'd image (4 or 8) and its stack pointer in *@sp. */
static int image_word_size(pid_t tid, unsigned long *sp)
{
	pt_regs_t r;
	int err = get_regs(tid, &r);
	if (err)
		return err;
	*sp = (unsigned long)SP_REG(r);
	return IMAGE_WORD_SIZE(r);
}

static int mem_io(pid_t tid, unsigned long addr, void *buf, size_t len, bool write)
{
	char path[40];
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	int fd = open(path, write ? O_WRONLY | O_CLOEXEC : O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write ? pwrite(fd, buf, len, (off_t)addr) : pread(fd, buf, len, (off_t)addr);
	int err = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	close(fd);
	return err;
}

int pt_mem_read(pid_t tid, unsigned long addr, void *buf, size_t len)
{
	return mem_io(tid, addr, buf, len, false);
}

int pt_mem_write(pid_t tid, unsigned long addr, const void *buf, size_t len)
{
	return mem_io(tid, addr, (void *)buf, len, true);
}

int pt_mem_read_string(pid_t tid, unsigned long addr, char *buf, size_t cap)
{
	/* Byte by page: a string may end right before an unmapped page. */
	size_t have = 0;
	while (have + 1 < cap) {
		size_t chunk = 64 - ((addr + have) & 63);
		if (chunk > cap - 1 - have)
			chunk = cap - 1 - have;
		int err = pt_mem_read(tid, addr + have, buf + have, chunk);
		if (err)
			return err;
		void *nul = memchr(buf + have, '\0', chunk);
		if (nul)
			return 0;
		have += chunk;
	}
	buf[cap - 1] = '\0';
	return -ENAMETOOLONG;
}

#define AT_IGNORE_TYPE 1
#define AT_SYSINFO_EHDR_TYPE 33

static int read_word(pid_t tid, unsigned long addr, int size, unsigned long *v)
{
	uint64_t w64 = 0;
	uint32_t w32 = 0;
	int err = size == 8 ? pt_mem_read(tid, addr, &w64, 8) : pt_mem_read(tid, addr, &w32, 4);
	*v = size == 8 ? (unsigned long)w64 : w32;
	return err;
}

int pt_tracee_hide_vdso(pid_t tid)
{
	unsigned long sp = 0, v = 0;
	int size = image_word_size(tid, &sp);
	if (size < 0)
		return size;
	/* Initial stack: argc, argv[argc], NULL, envp[], NULL, then (type, value) pairs. */
	if (read_word(tid, sp, size, &v) != 0)
		return -EFAULT;
	unsigned long p = sp + (v + 2) * (unsigned long)size;   /* envp[0] */
	for (int guard = 0; guard < 100000; guard++, p += (unsigned long)size) {
		if (read_word(tid, p, size, &v) != 0)
			return -EFAULT;
		if (v == 0)
			break;
	}
	p += (unsigned long)size;
	for (int guard = 0; guard < 512; guard++, p += 2 * (unsigned long)size) {
		if (read_word(tid, p, size, &v) != 0)
			return -EFAULT;
		if (v == 0)
			return -ENOENT;
		if (v == AT_SYSINFO_EHDR_TYPE) {
			uint64_t t64 = AT_IGNORE_TYPE;
			uint32_t t32 = AT_IGNORE_TYPE;
			return size == 8 ? pt_mem_write(tid, p, &t64, 8) : pt_mem_write(tid, p, &t32, 4);
		}
	}
	return -ENOENT;
}
