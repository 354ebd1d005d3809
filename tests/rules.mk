# tests/rules.mk - the analysis core against mdtrace-verdicts(7): decision rules,
# backing identities, seeding from /proc/PID/maps, and the rules of policy xnu.
check_PROGRAMS += tests/check_rules tests/check_identity tests/check_seed tests/check_xnu
TESTS += tests/check_rules tests/check_identity tests/check_seed tests/check_xnu

tests_check_rules_SOURCES = tests/check_rules.c tests/testutil.c tests/testutil.h $(CHECK_MAIN)
tests_check_rules_CFLAGS = $(TEST_CFLAGS)
tests_check_rules_LDADD = $(TEST_LIBS)

tests_check_identity_SOURCES = tests/check_identity.c tests/testutil.c tests/testutil.h $(CHECK_MAIN)
tests_check_identity_CFLAGS = $(TEST_CFLAGS)
tests_check_identity_LDADD = $(TEST_LIBS)

tests_check_seed_SOURCES = tests/check_seed.c tests/testutil.c tests/testutil.h $(CHECK_MAIN)
tests_check_seed_CFLAGS = $(TEST_CFLAGS)
tests_check_seed_LDADD = $(TEST_LIBS)

tests_check_xnu_SOURCES = tests/check_xnu.c tests/testutil.c tests/testutil.h $(CHECK_MAIN)
tests_check_xnu_CFLAGS = $(TEST_CFLAGS)
tests_check_xnu_LDADD = $(TEST_LIBS)

# md_rec_changes (libmdtrace's events) against the table's updates
check_PROGRAMS += tests/check_changes
TESTS += tests/check_changes
tests_check_changes_SOURCES = tests/check_changes.c tests/splitmix.h $(CHECK_MAIN)
tests_check_changes_CFLAGS = $(TEST_CFLAGS)
tests_check_changes_LDADD = $(TEST_LIBS)
