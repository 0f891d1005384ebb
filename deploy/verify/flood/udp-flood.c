/*
 * Distributed UDP SIP flood for deploy/verify/udp-flood.sh: SOURCES sockets bound to 127.1.x.y (loopback
 * 127.0.0.0/8), each sending distinct, well-formed, unauthenticated OPTIONS or REGISTER requests (a new Call-ID
 * and branch per packet, so none is absorbed as a retransmission) to TARGET:PORT, RATE packets per second in total,
 * round-robin over the sources, for SECONDS seconds. Replies are never read (the sockets' receive buffers fill and
 * the kernel drops them). Prints the number of packets sent.
 *
 * usage: udp-flood TARGET PORT SOURCES RATE SECONDS METHOD
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s TARGET PORT SOURCES RATE SECONDS OPTIONS|REGISTER\n", argv[0]);
        return 2;
    }
    const char *target = argv[1];
    int port = atoi(argv[2]);
    int sources = atoi(argv[3]);
    double rate = atof(argv[4]);
    double seconds = atof(argv[5]);
    const char *method = argv[6];
    if (sources < 1 || sources > 60000 || rate <= 0 || seconds <= 0) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    int *fds = calloc(sources, sizeof(int));
    int *ports = calloc(sources, sizeof(int));
    char (*hosts)[32] = calloc(sources, 32);
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, target, &dst.sin_addr);
    for (int i = 0; i < sources; i++) {
        snprintf(hosts[i], 32, "127.1.%d.%d", i / 250, 1 + i % 250);
        struct sockaddr_in src = {.sin_family = AF_INET, .sin_port = 0};
        inet_pton(AF_INET, hosts[i], &src.sin_addr);
        fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
        int small = 4096;
        setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        if (fds[i] < 0 || bind(fds[i], (struct sockaddr *) &src, sizeof src) != 0) {
            perror("bind");
            return 2;
        }
        socklen_t len = sizeof src;
        getsockname(fds[i], (struct sockaddr *) &src, &len);
        ports[i] = ntohs(src.sin_port);
    }
    char buf[1500];
    long sent = 0, errors = 0;
    double start = now(), end = start + seconds;
    unsigned long seq = (unsigned long) getpid() << 32;
    while (1) {
        double t = now();
        if (t >= end) {
            break;
        }
        long due = (long) ((t - start) * rate);
        if (sent + errors >= due) {
            struct timespec pause = {0, 200000};
            nanosleep(&pause, NULL);
            continue;
        }
        for (long k = sent + errors; k < due; k++) {
            int i = (int) (k % sources);
            seq++;
            int n = snprintf(buf, sizeof buf,
                    "%s sip:%s:%d SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-fl%lx;rport\r\n"
                    "Max-Forwards: 70\r\n"
                    "From: <sip:flood%d@%s>;tag=f%lx\r\n"
                    "To: <sip:flood%d@%s>\r\n"
                    "Call-ID: fl%lx@%s\r\n"
                    "CSeq: 1 %s\r\n"
                    "Contact: <sip:flood%d@%s:%d>\r\n"
                    "Expires: 60\r\n"
                    "Content-Length: 0\r\n\r\n",
                    method, target, port, hosts[i], ports[i], seq, i, target, seq, i, target, seq,
                    hosts[i], method, i, hosts[i], ports[i]);
            if (sendto(fds[i], buf, n, 0, (struct sockaddr *) &dst, sizeof dst) == n) {
                sent++;
            } else {
                errors++;
            }
        }
    }
    printf("%ld %ld\n", sent, errors);
    return 0;
}
