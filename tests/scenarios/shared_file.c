/* A shared file mapped again at the same address and the same file offset
 * is the same real memory (reused); at another offset it is not (rebuilt);
 * a private mapping of the same file is a new copy-on-write object. */
#include "scenario.h"

int main(void)
{
	size_t pg = 4096;
	int fd = memfd_create("scenario", 0);
	if (fd < 0 || ftruncate(fd, 16 * pg) < 0)
		return 99;
	char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	checkpoint("first");
	munmap(a, 4 * pg);
	char *b = mmap(a, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	checkpoint("same-offset");
	expect("reused", "first", "same-offset", b, 4 * pg);
	mmap(a, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 4 * pg);
	checkpoint("other-offset");
	expect("rebuilt", "same-offset", "other-offset", a, 4 * pg);
	char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	checkpoint("private");
	munmap(p, 4 * pg);
	mmap(p, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
	checkpoint("private-again");
	expect("rebuilt", "private", "private-again", p, 4 * pg);
	close(fd);

	/* a regular file on disk behaves the same way */
	char path[4096];
	strcpy(path, getenv("SCENARIO_DIR") ? getenv("SCENARIO_DIR") : "/tmp");
	strcat(path, "/regular.data");
	int rf = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (rf < 0 || ftruncate(rf, 8 * pg) < 0)
		return 99;
	char *r = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, rf, 0);
	checkpoint("file");
	munmap(r, 4 * pg);
	mmap(r, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, rf, 0);
	checkpoint("file-again");
	expect("reused", "file", "file-again", r, 4 * pg);
	mmap(r, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, rf, 4 * pg);
	checkpoint("file-other");
	expect("rebuilt", "file", "file-other", r, 4 * pg);
	close(rf);
	return 0;
}
