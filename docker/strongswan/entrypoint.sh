#!/bin/sh
# Runs charon-systemd in the foreground; any connections in /etc/swanctl/conf.d are loaded once VICI answers.
set -eu
rm -f /run/vici/charon.vici
/usr/sbin/charon-systemd &
charon=$!
trap 'kill -TERM "$charon"' TERM INT
tries=0
until swanctl --stats >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ] || ! kill -0 "$charon" 2>/dev/null; then
    echo "charon did not answer on /run/vici/charon.vici" >&2
    exit 1
  fi
  sleep 0.1
done
swanctl --load-all --noprompt || true
wait "$charon"
