// SPDX-License-Identifier: MIT
/*
 * raw_syscall.c - sp_clone3_run() and x86_64's signal return trampoline
 * (raw_syscall.h), one assembly block per arch.
 *
 * sp_clone3_run(args, size, fn, arg): clone3(args, size); in the new task,
 * which starts on the stack args->stack names with the caller's registers,
 * call fn(arg) from registers the system call keeps, then SYS_exit(0); in
 * the caller, return what clone3 returned (an id or -errno). A return of 0
 * is the new task's only when the word args->child_tid names (kept in a
 * register before the call: args may be gone once the caller returns) is
 * no longer 0, CLONE_CHILD_SETTID having written the new task's id there
 * before it first ran. A 0 there means clone3 returned 0 in the calling
 * task itself (an outer filter's RET_ERRNO with data 0): return -1 (-EPERM)
 * on the caller's own stack, running nothing.
 */
#include "raw_syscall.h"

#if defined(__x86_64__)
/* syscall keeps every register but rax, rcx and r11. */
__asm__(".text\n"
	".globl sp_clone3_run\n"
	".hidden sp_clone3_run\n"
	".type sp_clone3_run, @function\n"
	"sp_clone3_run:\n"
	"	mov %rdx, %r8\n"          /* fn */
	"	mov %rcx, %r9\n"          /* arg */
	"	mov 16(%rdi), %r10\n"     /* args->child_tid */
	"	mov $435, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	cmpl $0, (%r10)\n"
	"	je 2f\n"                  /* faked: still the caller */
	"	xor %ebp, %ebp\n"
	"	and $-16, %rsp\n"
	"	mov %r9, %rdi\n"
	"	call *%r8\n"
	"	xor %edi, %edi\n"
	"	mov $60, %eax\n"          /* SYS_exit */
	"	syscall\n"
	"	hlt\n"
	"2:	mov $-1, %rax\n"          /* -EPERM */
	"1:	ret\n"
	".size sp_clone3_run, .-sp_clone3_run\n"
	".globl sp_sigreturn\n"
	".hidden sp_sigreturn\n"
	".type sp_sigreturn, @function\n"
	"sp_sigreturn:\n"
	"	mov $15, %eax\n"          /* SYS_rt_sigreturn */
	"	syscall\n"
	"	hlt\n"
	".size sp_sigreturn, .-sp_sigreturn\n");
#elif defined(__i386__)
/* cdecl: arguments on the stack; int $0x80 keeps every register but eax. */
__asm__(".text\n"
	".globl sp_clone3_run\n"
	".hidden sp_clone3_run\n"
	".type sp_clone3_run, @function\n"
	"sp_clone3_run:\n"
	"	push %ebx\n"
	"	push %esi\n"
	"	push %edi\n"
	"	mov 16(%esp), %ebx\n"     /* args */
	"	mov 20(%esp), %ecx\n"     /* size */
	"	mov 24(%esp), %esi\n"     /* fn */
	"	mov 28(%esp), %edi\n"     /* arg */
	"	mov 16(%ebx), %edx\n"     /* args->child_tid (low word) */
	"	mov $435, %eax\n"
	"	int $0x80\n"
	"	test %eax, %eax\n"
	"	jnz 1f\n"
	"	cmpl $0, (%edx)\n"
	"	je 2f\n"                  /* faked: still the caller */
	"	xor %ebp, %ebp\n"
	"	and $-16, %esp\n"
	"	sub $12, %esp\n"
	"	push %edi\n"
	"	call *%esi\n"
	"	xor %ebx, %ebx\n"
	"	mov $1, %eax\n"           /* SYS_exit */
	"	int $0x80\n"
	"	hlt\n"
	"2:	mov $-1, %eax\n"          /* -EPERM */
	"1:	pop %edi\n"
	"	pop %esi\n"
	"	pop %ebx\n"
	"	ret\n"
	".size sp_clone3_run, .-sp_clone3_run\n");
#elif defined(__arm__)
/* EABI: r7 holds the number; svc keeps every register but r0. ARM state,
 * so the code is the same whatever state the compiler uses (interworking
 * through the %function type). */
__asm__(".text\n"
	".syntax unified\n"
	".arm\n"
	".align 2\n"
	".globl sp_clone3_run\n"
	".hidden sp_clone3_run\n"
	".type sp_clone3_run, %function\n"
	"sp_clone3_run:\n"
	"	push {r4, r5, r7, lr}\n"
	"	mov r4, r2\n"             /* fn */
	"	mov r5, r3\n"             /* arg */
	"	ldr r12, [r0, #16]\n"     /* args->child_tid (low word) */
	"	movw r7, #435\n"
	"	svc 0\n"
	"	cmp r0, #0\n"
	"	bne 1f\n"
	"	ldr r1, [r12]\n"
	"	cmp r1, #0\n"
	"	beq 2f\n"                 /* faked: still the caller */
	"	mov r1, sp\n"
	"	bic r1, r1, #15\n"
	"	mov sp, r1\n"
	"	mov r0, r5\n"
	"	blx r4\n"
	"	mov r0, #0\n"
	"	mov r7, #1\n"             /* SYS_exit */
	"	svc 0\n"
	"2:	mvn r0, #0\n"             /* -1, -EPERM */
	"1:	pop {r4, r5, r7, pc}\n"
	".size sp_clone3_run, .-sp_clone3_run\n");
#elif defined(__aarch64__)
/* x8 holds the number; svc keeps every register but x0. */
__asm__(".text\n"
	".globl sp_clone3_run\n"
	".hidden sp_clone3_run\n"
	".type sp_clone3_run, %function\n"
	".align 2\n"
	"sp_clone3_run:\n"
	"	mov x9, x2\n"             /* fn */
	"	mov x10, x3\n"            /* arg */
	"	ldr x11, [x0, #16]\n"     /* args->child_tid */
	"	mov x8, #435\n"
	"	svc #0\n"
	"	cbnz x0, 1f\n"
	"	ldr w12, [x11]\n"
	"	cbz w12, 2f\n"            /* faked: still the caller */
	"	mov x29, xzr\n"
	"	mov x30, xzr\n"
	"	mov x0, x10\n"
	"	blr x9\n"
	"	mov x0, #0\n"
	"	mov x8, #93\n"            /* SYS_exit */
	"	svc #0\n"
	"2:	mov x0, #-1\n"            /* -EPERM */
	"1:	ret\n"
	".size sp_clone3_run, .-sp_clone3_run\n");
#endif
