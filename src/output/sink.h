/* SPDX-License-Identifier: MIT */
/*
 * sink.h: where a run's output goes, chosen once per run from the
 * configuration: Nping's text lines (the default) or JSON Lines (--json,
 * doc/json.md) on stdout, plus an optional pcapng tap (-w FILE) that gets
 * every packet whatever stdout shows.
 *
 * Call sites hand the sink what they know about an event (decoded packet,
 * probe number, times); the sink formats it.  Text mode prints exactly the
 * lines the call sites printed before (line_print_pkt / line_print_capt at
 * cfg->verbosity); JSON mode writes one event per line (every sent, rcvd
 * and capt packet whatever the verbosity, except SENT with -H).  Every
 * other line a mode prints goes through the sink too (sink_starting,
 * sink_status, the summary and its extra block): the sink alone decides
 * what stdout shows in each form, and no module outside output/ asks
 * which form it is or writes to stdout itself.
 *
 * Times given to the sink are CLOCK_MONOTONIC nanoseconds (clock_mono_ns()
 * origin); JSON shows them relative to start_ns, pcapng as wall-clock time.
 *
 * Ownership: the sink borrows cfg (it must outlive the sink) and owns its
 * pcapng writer.  Errors writing the tap are kept: the first one is warned
 * about once (stderr) and sink_free() returns it.
 */
#ifndef NPECHO_OUTPUT_SINK_H
#define NPECHO_OUTPUT_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "cli/config.h"
#include "output/json.h"
#include "output/lines.h"
#include "output/pcapng.h"
#include "output/stats.h"
#include "proto/packet.h"
#include "util/err.h"

struct analysis;
struct audit_report;
struct hops;
struct out_sink;

/* One packet line (SENT, RCVD, CAPT) for stdout. */
struct sink_pkt {
	enum line_kind kind;
	uint64_t t_ns;            /* monotonic */
	int64_t probe;            /* >= 1, or < 0: not matched */
	const struct pkt *p;      /* decoded packet (required) */
	const struct pkt *sent;   /* CAPT: the probe as sent, or NULL */
	const uint8_t *dump;      /* bytes for the -vvv hexdump / "hex" */
	size_t dump_len;
	int64_t rtt_ns;           /* RCVD: < 0 unknown */
	const char *server;       /* CAPT: the echo server, or NULL */
	int64_t client;           /* CAPT on the server: client number it was
				   * echoed to; < 0: none (client side) */
};

/*
 * Creates the sink for cfg: JSON when cfg->json, a pcapng tap when
 * cfg->pcap_file (the file is created now).  Returns NULL with the reason
 * in eb when the file cannot be created or memory runs out.
 */
struct out_sink *sink_new(const struct config *cfg, uint64_t start_ns,
			  struct errbuf *eb);

/* Flushes and frees; NULL-safe.  Returns 0 or the first tap error. */
int sink_free(struct out_sink *s);

/* 1 when stdout carries JSON Lines (for output/ itself and its tests). */
int sink_json(const struct out_sink *s);

/* 1 when sink_pkt() of this kind prints anything (decode only then). */
int sink_wants(const struct out_sink *s, enum line_kind kind);

/* 1 when the pcapng tap is on. */
int sink_tapping(const struct out_sink *s);

/* Prints one packet line or event (or nothing, see sink_wants()). */
void sink_pkt(struct out_sink *s, const struct sink_pkt *e);

/*
 * Pcapng tap: writes frame[0..len) (LINKTYPE_* linktype; a pcap DLT is
 * mapped by sink_linktype()) on the interface named ifname (created on
 * first use per name and link type) at t_ns with comment (NULL: none).
 * A no-op without -w.
 */
void sink_tap(struct out_sink *s, const char *ifname, int linktype,
	      uint64_t t_ns, const uint8_t *frame, size_t len,
	      size_t wirelen, const char *comment);

/* A pcap (wall-clock) time stamp as CLOCK_MONOTONIC nanoseconds. */
uint64_t sink_mono_of(const struct out_sink *s, const struct timespec *ts);

/* The pcapng LINKTYPE_* of a libpcap DLT_* value (they differ for RAW). */
int sink_linktype(int dlt);

/*
 * An error line: always "prog: msg" on stderr (warnx), and in JSON mode
 * also an `error` event on stdout.  probe < 0: not tied to a probe.
 */
void sink_error(struct out_sink *s, int64_t probe, int code,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The run's summary: stats_print_summary() in text, a `stats` event in
 * JSON (capt counts when sum->mode is STATS_ECHO_CLIENT). */
void sink_summary(struct out_sink *s, const struct run_summary *sum);

/* JSON only: one `finding` event per finding of a finished analysis. */
void sink_findings(struct out_sink *s, const struct analysis *an);

/*
 * JSON only: the echo server captured l3[0..len) (an IP packet) at t_ns
 * and echoes it to client: a `capt` event.  Its text log shows no
 * packets, so nothing happens in text mode (not even the decoding).
 */
void sink_server_capt(struct out_sink *s, uint64_t t_ns, int64_t client,
		      const uint8_t *l3, size_t len);

/* JSON only: an echo-server session event (t_ns is set by the sink). */
void sink_session(struct out_sink *s, struct json_session *js);

/*
 * JSON only: a socket event of TCP-Connect / UDP-Unprivileged mode.
 * e->t_ns is CLOCK_MONOTONIC (made relative here); "sent" is left out
 * with -H.
 */
void sink_sock(struct out_sink *s, struct json_sock_event *e);

/* JSON only: one --tr hop table row (t_ns is set by the sink). */
void sink_hop(struct out_sink *s, struct json_hop *h);

/*
 * JSON only: one `finding` event per change of a finished Path Change
 * Analysis (hops_finish() called), with its "path" object.
 */
void sink_path_findings(struct out_sink *s, const struct hops *h);

/* Flushes stdout (and the tap's buffers). */
void sink_flush(struct out_sink *s);
/* Flushes the lines written to stdout only (cheap: once per batch). */
void sink_flush_lines(struct out_sink *s);

/*
 * An error before any sink exists (a mode that refuses an option): the
 * warnx line on stderr, and with --json an `error` event at time 0 on
 * stdout, as sink_error() would write.
 */
void sink_early_error(const struct config *cfg, int code, const char *msg);

/* Text only: the "Starting npecho ..." line (at the configured verbosity),
 * flushed.  JSON output starts with its first event. */
void sink_starting(struct out_sink *s);

/*
 * Text only: one line of the mode's own on stdout (a server log line, a
 * mode event line, a -v note), with a newline, flushed: such lines are
 * read while the run goes on.  Nothing in JSON mode, whose stdout holds
 * JSON lines only.  The caller decides whether the line is wanted at the
 * verbosity; the sink how (and whether) it is shown.
 */
void sink_status(struct out_sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Quiet (the path audit's probe runs): no packet lines and no status
 * lines in either form; the -w tap and error lines go on.
 */
void sink_set_quiet(struct out_sink *s, int quiet);

/* The path audit's answer (output/audit.h); sets r->t_ns. */
void sink_audit(struct out_sink *s, struct audit_report *r);

#endif
