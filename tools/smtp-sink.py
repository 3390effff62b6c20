#!/usr/bin/python3
"""A local SMTP server that keeps every message it receives as a file.

The development stack's mail sink (and the tests' SMTP server): aiosmtpd
(Debian's python3-aiosmtpd) on a loopback port; each message is written to
DIR/NNNN.eml, in arrival order, as the raw bytes received (headers and
body), so a newcomer can read the mails the dashboard sends.

  tools/smtp-sink.py --port 2525 --dir run/mail [--refuse-rcpt REGEX]
  tools/smtp-sink.py --port 0 --port-file F --dir run/mail

--port 0 takes a free port and writes its number to the --port-file once
the server accepts connections (the development stack's way).

--refuse-rcpt answers 550 to recipients matching REGEX (a permanent
refusal, for tests).
"""
import argparse
import asyncio
import os
import re
import signal
import socket

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, refuse):
        self.directory = directory
        self.refuse = re.compile(refuse) if refuse else None
        self.count = len([n for n in os.listdir(directory) if n.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and self.refuse.search(address):
            return "550 5.1.1 no such recipient here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.directory, "%04d.eml" % self.count)
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(name + ".tmp", name)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--refuse-rcpt", default="")
    parser.add_argument("--port-file", default="")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    if args.port == 0:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    controller = Controller(Sink(args.dir, args.refuse_rcpt),
                            hostname="127.0.0.1", port=args.port)
    controller.start()
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write("%d\n" % args.port)
        os.rename(args.port_file + ".tmp", args.port_file)
    print("smtp-sink: listening on 127.0.0.1:%d, writing to %s" % (args.port, args.dir),
          flush=True)
    loop = asyncio.new_event_loop()
    stop = loop.create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    loop.run_until_complete(stop)
    controller.stop()


if __name__ == "__main__":
    main()
