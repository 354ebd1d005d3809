/* check_main.h - the one main() of the Check suites (tests/check_main.c):
 * each suite's file defines md_test_suite(), and links check_main.c. */
#ifndef MD_CHECK_MAIN_H
#define MD_CHECK_MAIN_H
#include <check.h>

/* The suite this test program runs. */
Suite *md_test_suite(void);
#endif
