#!/bin/sh
# Makes <user>-cert.pem (and <user>-key.pem): a self-signed P-256 user certificate whose subjectAltName is
# sip:<user>@<host>, valid 30 days, as the certificate service accepts for PUBLISH (RFC 6072 section 6).
# usage: ./make-cert.sh alice 127.0.0.1
set -e
user=${1:?user}
host=${2:?host}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$user-key.pem" \
  -out "$user-cert.pem" -days 30 -subj "/CN=$user" \
  -addext "subjectAltName=URI:sip:$user@$host" -addext "basicConstraints=critical,CA:FALSE" 2>/dev/null
echo "$user-cert.pem"
