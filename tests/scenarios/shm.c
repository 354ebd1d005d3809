/* System V shared memory: detached is null, attached again at the same
 * address is the same segment (reused). */
#include "scenario.h"
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	size_t len = 4 * 4096;
	int id = shmget(IPC_PRIVATE, len, IPC_CREAT | 0600);
	if (id < 0)
		return 77;
	char *a = shmat(id, NULL, 0);
	/* a second attachment keeps the segment alive across the detach;
	 * IPC_RMID makes it go away however the test ends */
	char *keeper = shmat(id, NULL, SHM_RDONLY);
	shmctl(id, IPC_RMID, NULL);
	if (a == (void *)-1 || keeper == (void *)-1)
		return 99;
	checkpoint("attached");
	shmdt(a);
	checkpoint("detached");
	expect("null", "attached", "detached", a, len);
	if (shmat(id, a, 0) != a)
		return 99;
	checkpoint("reattached");
	expect("reused", "attached", "reattached", a, len);
	shmdt(a);
	shmdt(keeper);
	return 0;
}
