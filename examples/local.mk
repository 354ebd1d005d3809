# examples/local.mk - programs to try mdtrace on (README, build.sh example).
noinst_PROGRAMS += examples/aba
examples_aba_SOURCES = examples/aba.c
