/* check_main.c - the main() of every Check suite: runs the program's
 * md_test_suite() (CK_FORK, CK_RUN_SUITE, CK_RUN_CASE and CK_VERBOSITY act
 * as Check documents) and exits non-zero when any test failed. */
#include "check_main.h"
#include <stdlib.h>

int main(void)
{
	SRunner *sr = srunner_create(md_test_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
