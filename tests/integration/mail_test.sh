#!/usr/bin/env bash
# Mail through a real SMTP server (tools/smtp-sink.py, aiosmtpd on a
# loopback port): `sdb-admin mail-test` composes and sends a message that
# Python's email package reads back with every header decoded (RFC 2047
# sender name and subject, Date, Message-ID, UTF-8 quoted-printable body);
# a permanent refusal, a server that is not there and a bad address are
# clear errors; the dev stack's own sink keeps mails in RUNDIR/mail/.
source "$(dirname "$0")/lib.sh"

export SDB_CONFIG="" SDB_DATABASE="$TMP/unused.db"
export SDB_MAIL_FROM="Statusseite Grüße <status@example.com>" SDB_SITE_TITLE="Cloud Status"
start_smtp_sink "$TMP/mail" --refuse-rcpt '^nobody@'
export SDB_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"

out=$("$BIN_DIR/sdb-admin" mail-test alice@example.org 2>&1)
expect_eq "mail-test exits 0" 0 "$?"
expect_contains "mail-test says where it sent" "$out" "test mail sent to alice@example.org through smtp://127.0.0.1:$SMTP_PORT"
check "the server kept one message" test -f "$TMP/mail/0001.eml"
read_mail() {
  /usr/bin/python3 - "$1" <<'PY'
import email, email.policy, email.utils, sys
with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
print("from-name", m["From"].addresses[0].display_name)
print("from-addr", m["From"].addresses[0].addr_spec)
print("to", m["To"])
print("subject", m["Subject"])
print("date-ok", email.utils.parsedate_to_datetime(m["Date"]) is not None)
print("message-id", m["Message-ID"])
print("auto-submitted", m["Auto-Submitted"])
body = m.get_body(preferencelist=("plain",))
print("charset", body.get_content_charset())
print("body", body.get_content().replace("\n", " "))
print("defects", len(m.defects) + sum(len(p.defects) for p in m.walk()))
PY
}
parsed=$(read_mail "$TMP/mail/0001.eml")
expect_contains "sender name decoded (RFC 2047)" "$parsed" "from-name Statusseite Grüße"
expect_contains "sender address" "$parsed" "from-addr status@example.com"
expect_contains "recipient" "$parsed" "to alice@example.org"
expect_contains "subject decoded, non-ASCII intact" "$parsed" "subject Cloud Status: test mail — ✓ it works"
expect_contains "Date parses" "$parsed" "date-ok True"
check "Message-ID in angle brackets" grep -qE '^message-id <test-[A-Za-z0-9_-]+@example.com>$' <<<"$parsed"
expect_contains "Auto-Submitted" "$parsed" "auto-submitted auto-generated"
expect_contains "UTF-8 body" "$parsed" "charset utf-8"
expect_contains "the body decodes" "$parsed" "from Statusseite Grüße <status@example.com>."
expect_contains "no MIME defects" "$parsed" "defects 0"
check "every line of the raw message ends in CRLF" \
  /usr/bin/python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(d.count(b"\n") != d.count(b"\r\n"))' "$TMP/mail/0001.eml"

out=$("$BIN_DIR/sdb-admin" mail-test nobody@example.org 2>&1)
expect_eq "a refused recipient: exit 1" 1 "$?"
expect_contains "... says the server refused for good" "$out" "refused for good"
out=$("$BIN_DIR/sdb-admin" mail-test 'not an address' 2>&1)
expect_eq "a bad address: exit 1" 1 "$?"
expect_contains "... says so" "$out" "is not a mail address"
out=$(SDB_SMTP_URL="smtp://127.0.0.1:$(free_port)" "$BIN_DIR/sdb-admin" mail-test alice@example.org 2>&1)
expect_eq "no server there: exit 1" 1 "$?"
expect_contains "... names the server" "$out" "was not sent through smtp://127.0.0.1:"
out=$(SDB_SMTP_URL="http://127.0.0.1:25" "$BIN_DIR/sdb-admin" mail-test alice@example.org 2>&1)
expect_contains "an SDB_SMTP_URL that is not smtp:// is refused" "$out" "must be an smtp:// or smtps:// address"
expect_eq "nothing more reached the server" 1 "$(ls "$TMP/mail" | grep -c '\.eml$')"

# `make run` (devstack) without SDB_SMTP_URL: its own sink keeps each
# message as a file in RUNDIR/mail/, and it says so.
unset SDB_SMTP_URL SDB_DATABASE
export SDB_SECRET_KEY=mail-test
start_stack
url=$(sed -n 's/^Mail goes to the local SMTP sink (\(smtp:[^)]*\)).*/\1/p' "$TMP/devstack.log")
check "devstack names its SMTP sink" grep -qE '^smtp://127\.0\.0\.1:[0-9]+$' <<<"$url"
expect_contains "... and where the mails go" "$(cat "$TMP/devstack.log")" "every message is a file in $STACK_RUN/mail/"
out=$(SDB_SMTP_URL="$url" "$BIN_DIR/sdb-admin" mail-test bob@example.org 2>&1)
expect_eq "mail-test through the stack's sink" 0 "$?"
check "the message is a file in RUNDIR/mail/" test -f "$STACK_RUN/mail/0001.eml"
expect_contains "... the message itself" "$(read_mail "$STACK_RUN/mail/0001.eml")" "to bob@example.org"
expect_eq "the programs run with the sink's address" 200 "$(status_of GET /healthz)"
finish
