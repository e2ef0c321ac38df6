/*
 * long vdso_ppc64_call(const void *fn, long a0, long a1, long a2, long a3,
 *                      long a4, int *so);
 *
 * Calls a powerpc64 ELFv2 vDSO function and returns its r3, with CR0.SO in
 * *so: the ppc vDSO reports an error by setting SO and leaving a positive
 * errno in r3, which C cannot see. SO is copied out by the first instruction
 * after the call, before compiled code can touch CR0. An out-of-line function
 * with a frame of its own, because the vDSO's frames reach below the caller's
 * stack pointer, into the 288-byte red zone where a leaf function using inline
 * asm may keep data. Assembles to nothing on every other target.
 *
 * Frame (48 bytes): 0 back chain, 16 our LR (the caller's LR save slot is
 * 16 bytes above our entry r1), 24 our TOC, 32 the so pointer.
 */
#if defined(__powerpc64__) && defined(_CALL_ELF) && _CALL_ELF == 2
	.abiversion 2
	.text
	.globl	vdso_ppc64_call
	.hidden	vdso_ppc64_call
	.type	vdso_ppc64_call, @function
	.p2align 4
vdso_ppc64_call:
	mflr	0
	std	0, 16(1)
	stdu	1, -48(1)
	std	2, 24(1)	/* the vDSO may change r2 */
	std	9, 32(1)
	mr	12, 3		/* a global entry expects its own address in r12 */
	mtctr	12
	mr	3, 4
	mr	4, 5
	mr	5, 6
	mr	6, 7
	mr	7, 8
	bctrl
	mfcr	0
	ld	2, 24(1)
	rlwinm	0, 0, 4, 31, 31	/* CR bit 3 (CR0.SO) to bit 31 */
	ld	9, 32(1)
	stw	0, 0(9)
	addi	1, 1, 48
	ld	0, 16(1)
	mtlr	0
	blr
	.size	vdso_ppc64_call, .-vdso_ppc64_call
#endif
/* No executable stack; '@' starts a comment in ARM assembly. */
#if defined(__arm__)
	.section .note.GNU-stack,"",%progbits
#else
	.section .note.GNU-stack,"",@progbits
#endif
