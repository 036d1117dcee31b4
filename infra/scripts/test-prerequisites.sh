#!/usr/bin/env bash
# What `pnpm test` and `pnpm bench` need beyond node_modules, on a machine of this kind (Debian, root,
# PostgreSQL installed): a running PostgreSQL, Debian's Chromium for the console's browser test (never a
# downloaded browser), Kannel (bearerbox + smsbox, an independent ESME; kannel-extras' drive_smpp, the
# benchmark's sink SMSC), Net::SMPP and tshark (SMPP interop).
# Installs what is missing with apt; elsewhere it says what to install instead.
set -euo pipefail

if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/bearerbox ] || missing+=(kannel)
[ -x /usr/lib/kannel/test/drive_smpp ] || missing+=(kannel-extras)
[ -x /usr/bin/tshark ] || missing+=(tshark)
perl -MNet::SMPP -e 1 2>/dev/null || missing+=(libnet-smpp-perl)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "pnpm test needs these Debian packages: ${missing[*]} (install them, e.g. sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "installing test prerequisites: ${missing[*]}" >&2
# tshark asks whether non-root users may capture: answer no, non-interactively.
echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
