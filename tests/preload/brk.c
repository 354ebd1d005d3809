/* brk.c - brk/sbrk stay consistent with the kernel (mdtrace-preload(7), LIBC-INTERNAL CALLS):
 * glibc's __curbrk must follow every break our hook sets.  Prints relations
 * only (addresses differ between runs); the kernel's brk(0) is the oracle. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *kbrk(void)
{
	return (char *)syscall(SYS_brk, 0);
}

static void say(const char *what, long v)
{
	printf("%-36s %ld errno=%d\n", what, v, errno);
}
#define SAY(what, v) say(what, (long)(v))

int main(void)
{
	char *b0, *b1, *b2, *p;
	setvbuf(stdout, NULL, _IONBF, 0);
	errno = 0;
	b0 = sbrk(0);
	SAY("sbrk(0) == kernel", b0 == kbrk());
	p = sbrk(64 << 10);
	SAY("sbrk(+64k) returns old", p == b0);
	b1 = sbrk(0);
	SAY("break moved by 64k", b1 - b0);
	SAY("kernel agrees", b1 == kbrk());
	memset(b0, 0x5a, 64 << 10);
	p = sbrk(-(32 << 10));
	SAY("sbrk(-32k) returns old", p == b1);
	b2 = sbrk(0);
	SAY("break moved back 32k", b1 - b2);
	SAY("kernel agrees", b2 == kbrk());
	SAY("brk(b0+8k)", brk(b0 + 8192));
	SAY("sbrk(0) after brk", sbrk(0) == b0 + 8192);
	SAY("kernel agrees", kbrk() == b0 + 8192);
	errno = 0;
	SAY("brk huge fails", brk((void *)(UINTPTR_MAX - 4095)));
	errno = 0;
	SAY("sbrk(0) after failed brk == kernel", sbrk(0) == kbrk());
	SAY("sbrk(-huge) fails", sbrk(INTPTR_MIN + 1) == (void *)-1);
	errno = 0;
	SAY("brk(b0)", brk(b0));
	SAY("back at start", sbrk(0) == b0 && kbrk() == b0);
	for (int i = 0; i < 1000; i++) {
		char *q = malloc(100 + (size_t)i * 37);
		if (!q)
			return 1;
		memset(q, i, 100);
		free(q);
	}
	for (int i = 0; i < 64; i++)
		if (!malloc(32 << 10))
			return 1;
	p = malloc(1000);
	SAY("malloc after", p != NULL);
	SAY("heap break == kernel", sbrk(0) == kbrk());
	return 0;
}
