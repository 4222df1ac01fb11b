/*
 * vb-exec: virtbench's long-lived exec helper. One runs per guest (on the host, inside an LXC
 * guest through one lxc-attach, inside a qemu or ssh guest through one SSH channel) so that a
 * command costs one posix_spawn in the guest instead of a JVM spawn, an lxc-attach or an SSH
 * channel. Shell-free: the argv is spawned as given.
 *
 * Protocol (all integers big-endian), on stdin/stdout:
 *   hello    helper -> 'H' u32 len, then u32 version, i64 CLOCK_MONOTONIC now
 *   request  caller -> u32 len, then: u32 argc {u32 n, bytes}*argc, u32 envc {u32 n, "K=V"}*envc,
 *                      u32 n, cwd bytes (n = 0: unchanged), i64 timeout in ms (<= 0: none)
 *   response helper -> 'A' u32 len 0 once the request is read whole, before anything is spawned
 *                      (a helper that ends before it tells the caller the command never started),
 *                      then any number of 'O'/'E' frames (u8 type, u32 len, output bytes), then one
 *                      'X' frame: u32 len, u8 kind (0 exited, 1 killed by a signal, 2 could not
 *                      spawn, 3 timed out and killed), i32 code (exit status, signal or errno),
 *                      i64 start, i64 end (CLOCK_MONOTONIC ns just before posix_spawn and just
 *                      after waitpid)
 * With the argument --unlink the helper removes its own file once running (a copy made for one
 * session leaves nothing behind). The helper ends at end of input; an end of input while a command
 * runs (the caller went away or gave up on it) kills the command's process group first. The
 * command runs in a process group of its own, stdin from /dev/null; on timeout the whole group is
 * killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VERSION 2
#define MAX_REQUEST (64u << 20)
#define CHUNK 65536

extern char **environ;
static int sigpipe_fds[2];

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what) {
    /* stderr is not the protocol stream: the caller logs it */
    (void) !write(2, "vb-exec: ", 9);
    (void) !write(2, what, strlen(what));
    (void) !write(2, "\n", 1);
    _exit(70);
}

static void write_all(const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            _exit(0); /* the caller went away */
        }
        p += w;
        n -= (size_t) w;
    }
}

static void put32(unsigned char *b, uint32_t v) {
    b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v;
}

static void put64(unsigned char *b, uint64_t v) {
    put32(b, (uint32_t) (v >> 32));
    put32(b + 4, (uint32_t) v);
}

static void frame(char type, const void *payload, uint32_t n) {
    unsigned char head[5];
    head[0] = (unsigned char) type;
    put32(head + 1, n);
    write_all(head, 5);
    write_all(payload, n);
}

static int read_all(void *buf, size_t n) {
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(0, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        p += r;
        n -= (size_t) r;
    }
    return 0;
}

/* a cursor over one request body */
struct cur { unsigned char *p, *end; };

static int get32(struct cur *c, uint32_t *v) {
    if (c->end - c->p < 4) return -1;
    *v = (uint32_t) c->p[0] << 24 | (uint32_t) c->p[1] << 16 | (uint32_t) c->p[2] << 8 | c->p[3];
    c->p += 4;
    return 0;
}

static int get64(struct cur *c, int64_t *v) {
    uint32_t hi, lo;
    if (get32(c, &hi) || get32(c, &lo)) return -1;
    *v = (int64_t) ((uint64_t) hi << 32 | lo);
    return 0;
}

/* a length-prefixed string, NUL-terminated in place (the byte after it is already consumed) */
static char *getstr(struct cur *c) {
    uint32_t n;
    if (get32(c, &n) || (uint32_t) (c->end - c->p) < n) return NULL;
    char *s = malloc(n + 1);
    if (!s) die("out of memory");
    memcpy(s, c->p, n);
    s[n] = 0;
    c->p += n;
    return s;
}

static void on_child(int sig) {
    (void) sig;
    int saved = errno;
    (void) !write(sigpipe_fds[1], "c", 1);
    errno = saved;
}

static void finish(unsigned char kind, int32_t code, int64_t start, int64_t end) {
    unsigned char b[1 + 4 + 8 + 8];
    b[0] = kind;
    put32(b + 1, (uint32_t) code);
    put64(b + 5, (uint64_t) start);
    put64(b + 13, (uint64_t) end);
    frame('X', b, sizeof b);
}

/* the child's environment: the helper's own, with the request's K=V entries replacing or added */
static char **environment(char **extra, uint32_t n) {
    size_t base = 0;
    while (environ[base]) base++;
    char **env = calloc(base + n + 1, sizeof *env);
    if (!env) die("out of memory");
    size_t k = 0;
    for (size_t i = 0; i < base; i++) {
        size_t key = strcspn(environ[i], "=");
        int replaced = 0;
        for (uint32_t j = 0; j < n && !replaced; j++)
            replaced = strncmp(extra[j], environ[i], key + 1) == 0;
        if (!replaced) env[k++] = environ[i];
    }
    for (uint32_t j = 0; j < n; j++) env[k++] = extra[j];
    return env;
}

static void run(struct cur *c) {
    uint32_t argc, envc;
    if (get32(c, &argc) || argc == 0 || argc > 1u << 20) die("bad request: argc");
    char **argv = calloc(argc + 1, sizeof *argv);
    for (uint32_t i = 0; i < argc; i++)
        if (!(argv[i] = getstr(c))) die("bad request: argv");
    if (get32(c, &envc) || envc > 1u << 20) die("bad request: envc");
    char **extra = calloc(envc + 1, sizeof *extra);
    for (uint32_t i = 0; i < envc; i++)
        if (!(extra[i] = getstr(c)) || !strchr(extra[i], '=')) die("bad request: env");
    char *cwd = getstr(c);
    int64_t timeout_ms;
    if (!cwd || get64(c, &timeout_ms)) die("bad request: cwd or timeout");

    frame('A', "", 0);
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) die("pipe failed");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    if (cwd[0]) posix_spawn_file_actions_addchdir_np(&fa, cwd);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGCHLD);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    char **env = envc ? environment(extra, envc) : environ;

    pid_t pid;
    int64_t start = now_ns();
    int rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, env);
    int64_t spawned_end = now_ns();
    close(out[1]);
    close(err[1]);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        close(out[0]);
        close(err[0]);
        const char *msg = strerror(rc);
        frame('E', msg, (uint32_t) strlen(msg));
        finish(2, rc, start, spawned_end);
    } else {
        static char buf[CHUNK];
        int64_t deadline = timeout_ms > 0 ? start + timeout_ms * 1000000 : 0;
        int open_out = 1, open_err = 1, exited = 0, timed_out = 0, status = 0;
        int64_t end = 0, eof_deadline = 0;
        for (;;) {
            if (!exited) {
                pid_t w = waitpid(pid, &status, WNOHANG);
                if (w == pid) {
                    end = now_ns();
                    exited = 1;
                    /* a daemon the command left may hold the pipes: read what comes for 5 s more */
                    eof_deadline = end + 5000000000LL;
                }
            }
            if (exited && !open_out && !open_err) break;
            struct pollfd p[4];
            int n = 0, io = -1, ie = -1, is = -1, ii = -1;
            if (open_out) { io = n; p[n].fd = out[0]; p[n++].events = POLLIN; }
            if (open_err) { ie = n; p[n].fd = err[0]; p[n++].events = POLLIN; }
            if (!exited) { is = n; p[n].fd = sigpipe_fds[0]; p[n++].events = POLLIN; }
            /* nothing comes on stdin while a command runs but its end: the caller is gone */
            if (!exited) { ii = n; p[n].fd = 0; p[n++].events = POLLIN; }
            int64_t limit = exited ? eof_deadline : deadline;
            int wait_ms = -1;
            if (limit) {
                int64_t left = limit - now_ns();
                if (left <= 0) {
                    if (exited) break;
                    kill(-pid, SIGKILL);
                    timed_out = 1;
                    deadline = 0;
                    continue;
                }
                wait_ms = (int) ((left + 999999) / 1000000);
            }
            if (poll(p, (nfds_t) n, wait_ms) < 0) {
                if (errno == EINTR) continue;
                die("poll failed");
            }
            if (ii >= 0 && p[ii].revents) {
                char c;
                ssize_t r = read(0, &c, 1);
                if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
                    kill(-pid, SIGKILL);
                    _exit(0);
                }
                if (r > 0) die("a request came while a command ran");
            }
            if (is >= 0 && p[is].revents) {
                char drain[64];
                while (read(sigpipe_fds[0], drain, sizeof drain) > 0) {}
            }
            if (io >= 0 && p[io].revents) {
                ssize_t r = read(out[0], buf, sizeof buf);
                if (r > 0) frame('O', buf, (uint32_t) r);
                else if (r == 0 || errno != EINTR) open_out = 0;
            }
            if (ie >= 0 && p[ie].revents) {
                ssize_t r = read(err[0], buf, sizeof buf);
                if (r > 0) frame('E', buf, (uint32_t) r);
                else if (r == 0 || errno != EINTR) open_err = 0;
            }
        }
        close(out[0]);
        close(err[0]);
        if (timed_out) finish(3, (int32_t) timeout_ms, start, end);
        else if (WIFSIGNALED(status)) finish(1, WTERMSIG(status), start, end);
        else finish(0, WEXITSTATUS(status), start, end);
    }
    for (uint32_t i = 0; i < argc; i++) free(argv[i]);
    free(argv);
    if (env != environ) free(env);
    for (uint32_t i = 0; i < envc; i++) free(extra[i]);
    free(extra);
    free(cwd);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--unlink") == 0) unlink(argv[0]);
    signal(SIGPIPE, SIG_IGN);
    if (pipe2(sigpipe_fds, O_CLOEXEC | O_NONBLOCK)) die("pipe failed");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_child;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    unsigned char hello[12];
    put32(hello, VERSION);
    put64(hello + 4, (uint64_t) now_ns());
    frame('H', hello, sizeof hello);
    for (;;) {
        unsigned char head[4];
        if (read_all(head, 4)) return 0; /* end of input: the caller is done */
        uint32_t n = (uint32_t) head[0] << 24 | (uint32_t) head[1] << 16 | (uint32_t) head[2] << 8 | head[3];
        if (n > MAX_REQUEST) die("request too large");
        unsigned char *body = malloc(n ? n : 1);
        if (!body || read_all(body, n)) die("truncated request");
        struct cur c = { body, body + n };
        run(&c);
        free(body);
    }
}
