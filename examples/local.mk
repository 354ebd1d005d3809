# examples/local.mk - programs to try mdtrace on (README, build.sh example).
noinst_PROGRAMS += examples/aba
examples_aba_SOURCES = examples/aba.c
# regcache: a registration cache checked with libmdtrace on the ABA case
# (tests/api/regcache.sh), linked as programs link it (include/, the
# library; -no-install: the program itself, not libtool's wrapper script,
# so that `mdtrace run` starts it).
noinst_PROGRAMS += examples/regcache
examples_regcache_SOURCES = examples/regcache.c
examples_regcache_CPPFLAGS = -I$(top_srcdir)/include
examples_regcache_LDADD = lib/libmdtrace.la
examples_regcache_LDFLAGS = -no-install
