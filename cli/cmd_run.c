/* cmd_run.c - `mdtrace run`: start a program under a backend (the
 * preloaded library, or the ptrace supervisor of lib/tracer), wait for it,
 * exit with its status, and summarise what was recorded. */
#define _GNU_SOURCE
#include "cli.h"
#include "aba.h"
#include "tracer.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LIBNAME "libmdtrace_preload.so"

static const char usage[] =
	"usage: mdtrace run [-o PATH] [--backend=auto|preload|ptrace] [--stacks=N] [--verify]\n"
	"                   [--] PROG [ARG...]\n"
	"  -o PATH      trace file of the first process (default mdtrace.<pid>.mdt)\n"
	"  --backend=B  preload: the preloaded library, inside the program (fast);\n"
	"               ptrace: a supervisor outside it (any program, slower);\n"
	"               auto (default): preload for dynamic glibc programs, else ptrace\n"
	"  --stacks=N   call-stack depth per event, 0 for none (default 16)\n"
	"  --verify     at exit, compare the table with the kernel's maps (as\n"
	"               mdtrace verify); a difference makes a 0 status 1\n";

static int readable(const char *p)
{
	return access(p, R_OK) == 0;
}

/* The library next to this binary (build tree or install), or the
 * configured one; MDTRACE_PRELOAD_LIB overrides. */
static const char *find_library(char *buf, size_t n)
{
	static char real[PATH_MAX];
	const char *env = getenv("MDTRACE_PRELOAD_LIB");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k > 0) {
		exe[k] = 0;
		char *dir = dirname(exe);
		snprintf(buf, n, "%s/../lib/.libs/" LIBNAME, dir);
		if (readable(buf) && realpath(buf, real))
			return real;
		snprintf(buf, n, "%s/../lib/" LIBNAME, dir);
		if (readable(buf) && realpath(buf, real))
			return real;
	}
	snprintf(buf, n, "%s/" LIBNAME, MDTRACE_LIBDIR);
	return readable(buf) ? buf : NULL;
}

/* An absolute path, so the program may chdir freely. */
static char *absolute(const char *path)
{
	if (path[0] == '/')
		return strdup(path);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		md_die(EXIT_RUNTIME, "cannot get the current directory: %s", strerror(errno));
	char *s;
	if (asprintf(&s, "%s/%s", cwd, path) < 0)
		md_die(EXIT_RUNTIME, "out of memory");
	return s;
}

/* Like strace -o: an old trace at PATH is replaced; anything else is kept. */
static void clear_output(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	struct md_trace tr;
	if (!S_ISREG(st.st_mode) || md_trace_open(&tr, path) < 0)
		md_die(EXIT_RUNTIME, "%s exists and is not an mdtrace trace; not overwriting it", path);
	md_trace_close(&tr);
	if (unlink(path) < 0)
		md_die(EXIT_RUNTIME, "cannot replace %s: %s", path, strerror(errno));
}

static void set_env(const char *lib, const char *out, unsigned stacks)
{
	const char *old = getenv("LD_PRELOAD");
	char *pre, depth[16];
	if (asprintf(&pre, "%s%s%s", old && *old ? old : "", old && *old ? ":" : "", lib) < 0)
		md_die(EXIT_RUNTIME, "out of memory");
	snprintf(depth, sizeof depth, "%u", stacks);
	setenv("LD_PRELOAD", pre, 1);
	unsetenv("MDTRACE_PARENT"); /* this run starts a new family of traces */
	unsetenv("MDTRACE_PARENT_SEQ");
	setenv("MDTRACE_STACKS", depth, 1);
	if (out)
		setenv("MDTRACE_OUTPUT", out, 1);
	free(pre);
}

static int wait_child(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			md_die(EXIT_RUNTIME, "waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Sibling traces written since `since`: PATH.<pid> (fork children) and
 * PATH.<pid>.<n> (exec'd images), sorted; older ones are from earlier
 * runs.  Returns how many (their paths in *out, malloc'd). */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int siblings(const char *path, time_t since, char ***out)
{
	char *d = strdup(path), *b = strdup(path);
	const char *dir = dirname(d), *base = basename(b);
	size_t n = strlen(base), cap = 0;
	int count = 0;
	char **list = NULL;
	DIR *dp = opendir(dir);
	struct dirent *e;
	while (dp && (e = readdir(dp)))
		if (!strncmp(e->d_name, base, n) && e->d_name[n] == '.' &&
		    e->d_name[n + 1] >= '0' && e->d_name[n + 1] <= '9') {
			if (!md_run_sibling(dirfd(dp), e->d_name, since))
				continue;
			if ((size_t)count == cap) {
				char **nl = realloc(list, (cap = cap ? 2 * cap : 16) * sizeof *list);
				if (!nl)
					md_die(EXIT_RUNTIME, "out of memory");
				list = nl;
			}
			if (asprintf(&list[count++], "%s/%s", dir, e->d_name) < 0)
				md_die(EXIT_RUNTIME, "out of memory");
		}
	if (dp)
		closedir(dp);
	free(d);
	free(b);
	if (count)
		qsort(list, (size_t)count, sizeof *list, cmp_str);
	*out = list;
	return count;
}

static void free_list(char **list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static int count_siblings(const char *path, time_t since)
{
	char **list;
	int n = siblings(path, since, &list);
	free_list(list, n);
	return n;
}

/* --verify: every trace of the run against the kernel's maps at its
 * exit; -1 if any differs. */
static int verify_all(const char *path, time_t since)
{
	char **list;
	int n = siblings(path, since, &list), bad = md_verify_trace(stderr, path) < 0;
	for (int i = 0; i < n; i++)
		bad |= md_verify_trace(stderr, list[i]) < 0;
	free_list(list, n);
	return bad ? -1 : 0;
}

/* The trace of the first process when -o is not given. */
static void default_name(char *buf, size_t n, int pid)
{
	char name[64];
	snprintf(name, sizeof name, "mdtrace.%d.mdt", pid);
	char *p = absolute(name);
	snprintf(buf, n, "%s", p);
	free(p);
}

static void summary(const char *path, time_t since, const char *prog)
{
	char err[600], why[600];
	struct md_replay *rp = md_replay_open(path, MD_POLICY_CONTRACT, md_replay_env(), err, sizeof err);
	if (!rp && access(path, F_OK) != 0 && md_untraceable_why(prog, why, sizeof why)) {
		md_warn("%s", why);
		return;
	}
	if (!rp) {
		md_warn("no trace to summarise: %s", err);
		return;
	}
	struct md_aba aba;
	struct md_effect eff;
	const struct md_rec *r;
	uint64_t events = 0, blind = 0;
	int selftest = -1, unseen = 0;
	md_aba_init(&aba, rp);
	md_replay_index_begin(rp); /* checkpoints for later queries: we replay anyway */
	while ((r = md_replay_step(rp, &eff))) {
		events++;
		md_aba_note(&aba, md_replay_table(rp), r, &eff);
		if (r->type == MD_EV_BLIND) {
			blind++;
			md_warn("WARNING: blind spot: %.*s", (int)r->extra_len,
				(const char *)md_rec_extra(r));
		}
		if (r->type == MD_EV_SELFTEST)
			selftest = r->args[0] != 0;
		/* END changes nothing; the kernel's maps it carries must match */
		if (r->type == MD_EV_END && r->extra_len)
			unseen = md_table_compare(md_replay_table(rp), (const char *)md_rec_extra(r), r->extra_len,
						  NULL, NULL);
	}
	if (unseen > 0)
		md_warn("WARNING: at exit %d range%s of the address space differed from what was "
			"observed: changes made where mdtrace cannot see (such as a dlopen inside "
			"libc); 'mdtrace verify %s' lists them", unseen, unseen == 1 ? "" : "s", path);
	md_report_damage(rp);
	md_replay_index_end(rp);
	int files = 1 + count_siblings(path, since);
	uint32_t flags = md_replay_header(rp)->flags;
	fprintf(stderr, "mdtrace: %llu events, %zu pieces at exit, %llu ABA reuse%s "
		"(ranges mapped again with different memory), %d trace file%s (backend %s): %s%s\n",
		(unsigned long long)events, md_table_count(md_replay_table(rp)), (unsigned long long)aba.count,
		aba.count == 1 ? "" : "s", files, files == 1 ? "" : "s",
		flags & MD_TF_PTRACE ? "ptrace" : "preload", path, files > 1 ? " (+ siblings " : "");
	if (files > 1)
		fprintf(stderr, "mdtrace:   siblings are %s.<pid> and %s.<pid>.<n>)\n", path, path);
	if (selftest == 0 || blind || unseen || (flags & MD_TF_BLIND))
		md_warn("WARNING: the trace is incomplete: some mapping changes were NOT observed "
			"(%s); verdicts may be wrong (run --verify compares the table with the "
			"kernel's at exit)", selftest == 0 ? "self-test failed" : selftest > 0 ?
			"self-test passed" : "no self-test");
	else if (selftest < 0 && !(flags & MD_TF_PTRACE)) /* the supervisor needs no self-test */
		md_warn("WARNING: the trace has no self-test record; it may be incomplete");
	md_aba_free(&aba);
	md_replay_close(rp);
}

/* After the program: the summary, and --verify's check. */
static int finish(char *path, time_t since, const char *prog, int verify, int status)
{
	/* a program that could not be run said so itself, in one line */
	if ((status == 126 || status == 127) && access(path, F_OK) != 0) {
		free(path);
		return status;
	}
	summary(path, since, prog);
	if (verify && access(path, R_OK) == 0 && verify_all(path, since) < 0 && status == 0)
		status = 1;
	free(path);
	return status;
}

/* --backend=ptrace: the supervisor writes the traces (mdtrace(1), BACKENDS). */
static int run_ptrace(const char *out, unsigned stacks, int verify, char **argv)
{
	char why[600];
	struct md_tracer_opts o = { .root = out ? absolute(out) : NULL, .stacks = stacks,
				    .name = default_name };
	if (o.root)
		clear_output(o.root);
	time_t since = time(NULL);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	int status = md_tracer_run(&o, argv, why, sizeof why);
	if (why[0]) {
		md_warn("%s", why);
		free(o.root);
		return status;
	}
	return finish(o.root, since, argv[0], verify, status);
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, 0, 'o'}, {"stacks", required_argument, 0, 's'},
		{"verify", no_argument, 0, 'v'}, {"backend", required_argument, 0, 'b'},
		{"help", no_argument, 0, 'h'}, {0}};
	const char *out = NULL, *backend = "auto";
	int verify = 0;
	uint64_t stacks = 16;
	int c;
	while ((c = getopt_long(argc, argv, "+o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 's':
			if (md_parse_u64(optarg, &stacks) < 0 || stacks > 64)
				md_die(EXIT_USAGE, "run: bad --stacks '%s' (0 to 64)", optarg);
			break;
		case 'v':
			verify = 1;
			break;
		case 'b':
			if (strcmp(optarg, "auto") && strcmp(optarg, "preload") && strcmp(optarg, "ptrace"))
				md_die(EXIT_USAGE, "run: bad --backend '%s' (auto, preload or ptrace)", optarg);
			backend = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			md_die(EXIT_USAGE, "run: unknown option or missing argument '%s' (try 'mdtrace run --help')", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		md_die(EXIT_USAGE, "run: no program given (try --help)");
	char why[600];
	if (!strcmp(backend, "ptrace") ||
	    (!strcmp(backend, "auto") && md_untraceable_why(argv[optind], why, sizeof why)))
		return run_ptrace(out, (unsigned)stacks, verify, argv + optind);
	char buf[PATH_MAX];
	const char *lib = find_library(buf, sizeof buf);
	if (!lib)
		md_die(EXIT_RUNTIME, "cannot find %s (set MDTRACE_PRELOAD_LIB)", LIBNAME);
	char *path = out ? absolute(out) : NULL;
	if (path)
		clear_output(path);
	set_env(lib, path, (unsigned)stacks);
	time_t since = time(NULL);
	pid_t pid = fork();
	if (pid < 0)
		md_die(EXIT_RUNTIME, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (!path) { /* the default name uses the program's pid */
			char name[PATH_MAX];
			default_name(name, sizeof name, (int)getpid());
			setenv("MDTRACE_OUTPUT", name, 1);
		}
		execvp(argv[optind], argv + optind);
		md_die(errno == ENOENT ? 127 : 126, "cannot run %s: %s", argv[optind], strerror(errno));
	}
	/* Like a shell: the terminal's ^C and ^\ are the program's to handle. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	int status = wait_child(pid);
	if (!path) {
		char name[PATH_MAX];
		default_name(name, sizeof name, (int)pid);
		path = strdup(name);
	}
	return finish(path, since, argv[optind], verify, status);
}
