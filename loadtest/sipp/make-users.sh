#!/bin/sh
# Writes N test users with random passwords in the three formats the benchmarks need:
#   users.csv         user,password             for the Vouch load tester (--users users.csv)
#   users.sipp.csv    SIPp injection file       user;password;calling number;called number (-inf users.sipp.csv)
#   users.import.csv  user,realm,password       for `./vouch users import users.import.csv` (provisioning)
# Usage: make-users.sh [count] [realm] [user prefix] [first calling number] [first called number]
set -eu
count=${1:-1000}
realm=${2:-127.0.0.1}
prefix=${3:-load}
from=${4:-12025550100}
to=${5:-12025560100}
: > users.csv
: > users.import.csv
echo SEQUENTIAL > users.sipp.csv
i=0
while [ "$i" -lt "$count" ]; do
  user=$(printf '%s%05d' "$prefix" "$i")
  password=$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')
  echo "$user,$password" >> users.csv
  echo "$user,$realm,$password" >> users.import.csv
  echo "$user;$password;$((from + i % 100));$((to + i % 100))" >> users.sipp.csv
  i=$((i + 1))
done
chmod 600 users.csv users.sipp.csv users.import.csv
echo "wrote $count users to users.csv, users.sipp.csv and users.import.csv (realm $realm)" >&2
