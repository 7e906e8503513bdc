#!/bin/sh
# mksignrepo.sh DIR NFILES: a POP repository with NFILES other tracked files
# and one committed POP, configured to sign as its employee with an SSH key.
set -e
dir=$1 n=$2
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
git init -q -b main
ssh-keygen -q -t ed25519 -N '' -C jan -f ../key-$n
pop init --no-seal >/dev/null 2>&1
pop person add an-janssens --name An --email an@example.com >/dev/null
pop person add jan-peeters --name Jan --email jan@example.com --manager an-janssens --ssh-key ../key-$n.pub >/dev/null
mkdir -p pop/jan-peeters src
cp "$3" pop/jan-peeters/2026-11-20.md
i=0
while [ $i -lt $n ]; do
  d=src/d$((i / 1000)); mkdir -p $d; echo "file $i" > $d/f$i.txt; i=$((i + 1))
done
git add -A
git -c user.email=setup@example.com -c user.name=Setup commit -q -m setup
git config user.email jan@example.com; git config user.name Jan
git config gpg.format ssh; git config user.signingkey "$(cd .. && pwd)/key-$n"
