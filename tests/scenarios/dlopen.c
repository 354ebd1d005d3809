/* dlclose then dlopen: the loader maps with its own system calls; the
 * library's data is unmapped (null) and, loaded again, new memory. */
#include "scenario.h"
#include <dlfcn.h>

int main(void)
{
	void *h = dlopen(DLO_PATH, RTLD_NOW);
	if (!h)
		return 99;
	int *data = dlsym(h, "dlo_data");
	checkpoint("opened");
	dlclose(h);
	checkpoint("closed");
	expect("null", "opened", "closed", data, sizeof *data);
	h = dlopen(DLO_PATH, RTLD_NOW);
	int *again = h ? dlsym(h, "dlo_data") : NULL;
	checkpoint("reopened");
	expect(again == data ? "rebuilt" : "null", "opened", "reopened", data, sizeof *data);
	return 0;
}
