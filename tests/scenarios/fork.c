/* fork: the parent keeps its identities; the child has its own trace
 * (checked by the driver for the parent only here). */
#include "scenario.h"
#include <sys/wait.h>

int main(void)
{
	size_t len = 4 * 4096;
	char *a = map_anon(NULL, len, 0);
	a[0] = 1;
	checkpoint("before");
	pid_t pid = fork();
	if (pid == 0) {
		char *c = map_anon(NULL, len, 0);
		c[0] = 2;
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	checkpoint("after");
	expect("reused", "before", "after", a, len);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 99;
}
