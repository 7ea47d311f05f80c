/* SPDX-License-Identifier: MIT */
/*
 * raw_syscall.h - system calls for probe children, without libc.
 *
 * A probe child made with CLONE_VM shares the caller's memory and runs with
 * the caller thread's TLS, so it must not write errno (the caller's) nor take
 * any libc lock. Every system call a child makes goes through sp_sys(),
 * which returns the kernel's answer as is: the result, or -errno in
 * [-4095, -1]. One block per arch of arch.c's table (x86_64, i386, ARM EABI,
 * arm64); the arch table refuses any other.
 */
#ifndef SP_RAW_SYSCALL_H
#define SP_RAW_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
static inline long sp_sys(long n, long a, long b, long c, long d, long e)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	long ret;
	__asm__ __volatile__("syscall" : "=a"(ret)
			     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
			     : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__i386__)
static inline long sp_sys(long n, long a, long b, long c, long d, long e)
{
	long ret;
	__asm__ __volatile__("int $0x80" : "=a"(ret)
			     : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			     : "memory");
	return ret;
}
#elif defined(__arm__) || defined(__aarch64__)
/* ARM EABI: number in r7, arguments from r0; arm64: x8 and x0. svc 0 keeps
 * every register but the first argument's, which takes the result. */
#if defined(__arm__)
#define SP_NR_REG "r7"
#define SP_ARG_REG(i) "r" #i
#else
#define SP_NR_REG "x8"
#define SP_ARG_REG(i) "x" #i
#endif
static inline long sp_sys(long n, long a, long b, long c, long d, long e)
{
	register long nr __asm__(SP_NR_REG) = n;
	register long a0 __asm__(SP_ARG_REG(0)) = a;
	register long a1 __asm__(SP_ARG_REG(1)) = b;
	register long a2 __asm__(SP_ARG_REG(2)) = c;
	register long a3 __asm__(SP_ARG_REG(3)) = d;
	register long a4 __asm__(SP_ARG_REG(4)) = e;
	__asm__ __volatile__("svc 0" : "+r"(a0)
			     : "r"(nr), "r"(a1), "r"(a2), "r"(a3), "r"(a4)
			     : "memory");
	return a0;
}
#else
#error "seccomp-probe: no raw system call for this architecture (probes/raw_syscall.h)"
#endif

/* Casts for the arguments: pointers and ints as the long the kernel takes. */
#define SP_A(x) ((long)(x))

/* clone3 (5.3; number 435 on every arch, raw_syscall.c); struct clone_args,
 * version 0 (64 bytes), as include/uapi/linux/sched.h has it. */
struct sp_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};
#define SP_CLONE_PIDFD 0x00001000ull         /* 5.2 */
#define SP_CLONE_CLEAR_SIGHAND 0x100000000ull /* 5.5, clone3 only */

/*
 * sp_clone3_run - clone3(@args, @size); the new task runs @fn(@arg) on the
 * stack @args names, then ends with SYS_exit(0) (its thread only).
 * @args must have CLONE_CHILD_SETTID and child_tid naming an int32 that is
 * 0: a return of 0 with that word still 0 came back in the calling task (an
 * outer filter faking success, RET_ERRNO with data 0), and then nothing runs.
 * Returns, in the caller, the new task's id, or -errno, -EPERM for such a
 * faked success. A positive return is not proved to be a task: see spawn.c
 * (CLONE_PARENT_SETTID). raw_syscall.c, one assembly block per arch: the
 * new task starts on its own stack, where no C frame of the caller exists
 * to return to.
 */
long sp_clone3_run(const struct sp_clone_args *args, size_t size, void (*fn)(void *), void *arg);

/* The kernel's struct sigaction for rt_sigaction on these arches (handler,
 * flags, restorer, mask), and the signal return trampoline x86_64 requires
 * (SA_RESTORER: the kernel has no default one there). */
struct sp_ksigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint32_t mask[2];
};
#define SP_SA_SIGINFO 4
#define SP_SA_ONSTACK 0x08000000
#define SP_SA_RESTORER 0x04000000
#if defined(__x86_64__)
void sp_sigreturn(void);
#define SP_KSA_FLAGS SP_SA_RESTORER
#define SP_KSA_RESTORER sp_sigreturn
#else
#define SP_KSA_FLAGS 0
#define SP_KSA_RESTORER 0
#endif

#endif
